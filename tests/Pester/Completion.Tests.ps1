# Tab completion through PowerShell's own engine (TabExpansion2), for the typed completers in
# src/AoTech.Ecs.PowerShell/Completion/.
BeforeDiscovery {
    Import-Module $env:AOTECH_MODULE_PATH -Force
}

BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    $script:Assembly = (Get-Module AoTech.Ecs).ImplementingAssembly
    $script:RegionCompleter = $Assembly.GetType('AoTech.Ecs.PowerShell.Completion.RegionCompleter', $true)
    $script:ProfileCompleter = $Assembly.GetType('AoTech.Ecs.PowerShell.Completion.ProfileNameCompleter', $true)
    # A probe command wired exactly as the cmdlets wire their parameters.
    $probe = [scriptblock]::Create(@"
function global:Test-AoCompletionProbe {
    param(
        [ArgumentCompleter([$($RegionCompleter.FullName)])][string]`$Region,
        [ArgumentCompleter([$($ProfileCompleter.FullName)])][string]`$ProfileName
    )
}
"@)
    . $probe
    function Get-Completion([string]$Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll { Remove-Item Function:\Test-AoCompletionProbe -ErrorAction SilentlyContinue }

Describe '-Region completion' {
    It 'offers the region codes that start with what was typed' {
        $found = @(Get-Completion 'Test-AoCompletionProbe -Region eu-w')
        $found.CompletionText | Should -Contain 'eu-west-1'
        $found.CompletionText | Should -Contain 'eu-west-3'
        $found.CompletionText | Where-Object { $_ -notlike 'eu-w*' } | Should -BeNullOrEmpty
        ($found | Where-Object CompletionText -eq 'eu-west-1').ToolTip | Should -Match 'Ireland'
    }

    It 'offers all regions for an empty word, and only regions' {
        $texts = @(Get-Completion 'Test-AoCompletionProbe -Region ').CompletionText
        $texts.Count | Should -BeGreaterThan 20
        $texts | Should -Contain 'us-east-1'
        $texts | Should -Not -Contain 'us-east-1-regional'
        $texts | Should -Not -Contain 'aws-global'
    }
}

Describe '-ProfileName completion' {
    # The SDK reads AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE once per process, so each case gets a fresh pwsh.
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force
        $config = Join-Path $TestDrive 'config'
        $credentials = Join-Path $TestDrive 'credentials'
        Set-Content $config "[profile ao-role]`nrole_arn = arn:aws:iam::123456789012:role/deploy`nsource_profile = ao-prod`nregion = eu-west-1`n"
        Set-Content $credentials "[ao-prod]`naws_access_key_id = AKIDEXAMPLE`naws_secret_access_key = notasecret`n[ao-staging]`naws_access_key_id = AKIDEXAMPLE2`naws_secret_access_key = notasecret2`n"
        $script:ProbeScript = @"
Import-Module '$($env:AOTECH_MODULE_PATH)'
function Test-AoCompletionProbe { param([ArgumentCompleter([AoTech.Ecs.PowerShell.Completion.ProfileNameCompleter])][string]`$ProfileName) }
foreach (`$line in 'Test-AoCompletionProbe -ProfileName ao-', 'Test-AoCompletionProbe -ProfileName ao-s') {
    `$found = (TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches
    [pscustomobject]@{ Line = `$line; Texts = @(`$found.CompletionText); All = (`$found | Out-String) + (`$found.ToolTip -join ' ') } | ConvertTo-Json -Compress
}
"@
        $script:WithFiles = @(Invoke-AoFreshPwsh $ProbeScript @{ AWS_CONFIG_FILE = $config; AWS_SHARED_CREDENTIALS_FILE = $credentials } | ConvertFrom-Json)
        $script:WithoutFiles = @(Invoke-AoFreshPwsh $ProbeScript @{
                AWS_CONFIG_FILE = (Join-Path $TestDrive 'missing/config'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $TestDrive 'missing/credentials')
            } | ConvertFrom-Json)
    }

    It 'offers the profiles of the files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE' {
        $WithFiles[0].Texts | Should -Contain 'ao-prod'
        $WithFiles[0].Texts | Should -Contain 'ao-staging'
        $WithFiles[0].Texts | Should -Contain 'ao-role'
    }

    It 'filters on the typed prefix and never shows a secret' {
        $WithFiles[1].Texts | Should -Be @('ao-staging')
        $WithFiles[0].All + $WithFiles[1].All | Should -Not -Match 'notasecret|AKIDEXAMPLE'
    }

    It 'offers nothing, quietly, when there are no profile files' {
        $WithoutFiles.Count | Should -Be 2
        $WithoutFiles[0].Texts | Should -Be @()
    }
}

Describe '-Name completion (apps in the region)' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $script:Backend = Start-AoTestBackend
        # The core is loaded on first use; make its types visible to this script now.
        Add-Type -Path (Join-Path (Split-Path $env:AOTECH_MODULE_PATH) 'AoTech.Ecs.dll')
        $connection = [AoTech.Ecs.Aws.AwsConnection]::Create(
            [AoTech.Ecs.Aws.AwsConnectionOptions]@{ Region = 'us-east-1'; EndpointUrl = $Backend.EndpointUrl }, $null)
        # Every cluster carries some tag: moto's tagging API fails on an ECS cluster without any.
        foreach ($c in @(@('shop-cluster', 'aotech:app', 'shop'), @('blog-cluster', 'aotech:app', 'blog'), @('other-cluster', 'team', 'web'))) {
            $request = [AoTech.Ecs.Aws.Services.Ecs.CreateClusterRequest]@{ ClusterName = $c[0] }
            $request.Tags = [System.Collections.Generic.List[AoTech.Ecs.Aws.Services.Ecs.Tag]]::new()
            $request.Tags.Add([AoTech.Ecs.Aws.Services.Ecs.Tag]@{ Key = $c[1]; Value = $c[2] })
            $null = $connection.SendAsync[AoTech.Ecs.Aws.Services.Ecs.CreateClusterResponse]($request, [System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
        }
        # moto builds its tagging index on the first GetResources (seconds): do that here, not inside a completion,
        # which gives up after a few seconds by design.
        $warmUp = [AoTech.Ecs.Aws.Services.Tagging.GetResourcesRequest]::new()
        $null = $connection.SendAsync[AoTech.Ecs.Aws.Services.Tagging.GetResourcesResponse]($warmUp, [System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
        $connection.Dispose()
        function global:Test-AoAppProbe {
            param([string]$Region, [string]$EndpointUrl,
                [ArgumentCompleter([AoTech.Ecs.PowerShell.Completion.AppNameCompleter])][string]$Name)
        }
        Clear-AoTestRequestLog $Backend
    }
    AfterAll {
        Remove-Item Function:\Test-AoAppProbe -ErrorAction SilentlyContinue
        if ($Backend) { Stop-AoTestBackend $Backend }
    }

    It 'offers the apps (clusters tagged aotech:app) of the region and endpoint on the command line' {
        $texts = @(Get-Completion "Test-AoAppProbe -Region us-east-1 -EndpointUrl $($Backend.EndpointUrl) -Name ").CompletionText
        $texts | Should -Be @('blog', 'shop')
        @(Get-Completion "Test-AoAppProbe -Region us-east-1 -EndpointUrl $($Backend.EndpointUrl) -Name sh").CompletionText | Should -Be @('shop')
    }

    It 'asks with one read-only Tagging API call per completion' {
        Clear-AoTestRequestLog $Backend
        $null = Get-Completion "Test-AoAppProbe -Region us-east-1 -EndpointUrl $($Backend.EndpointUrl) -Name "
        $log = @(Get-AoTestRequestLog $Backend)
        $log.Count | Should -Be 1
        $log[0].Operation | Should -Be 'GetResources'
        $log[0].Mutating | Should -BeFalse
    }

    It 'offers nothing, without an error, when the endpoint does not answer' {
        $port = Get-FreeTcpPort
        { Get-Completion "Test-AoAppProbe -Region us-east-1 -EndpointUrl http://127.0.0.1:$port -Name " } | Should -Not -Throw
        @(Get-Completion "Test-AoAppProbe -Region us-east-1 -EndpointUrl http://127.0.0.1:$port -Name ").Count | Should -Be 0
    }
}

Describe 'Exported cmdlets use the completers' {
    # Data-driven: every exported cmdlet's -Region, -ProfileName and app -Name carry the typed completer.
    It '<Name> -<Parameter> has <Completer>' -ForEach @(
        foreach ($cmd in (Get-Command -Module AoTech.Ecs -CommandType Cmdlet -ErrorAction SilentlyContinue)) {
            $pairs = @(@('Region', 'RegionCompleter'), @('ProfileName', 'ProfileNameCompleter'))
            # -Name is the app name on the app, task definition and deployment cmdlets.
            if ($cmd.Noun -in 'AoEcsApp', 'AoTaskDefinition', 'AoDeployment') { $pairs += , @('Name', 'AppNameCompleter') }
            foreach ($pair in $pairs) {
                if ($cmd.Parameters.ContainsKey($pair[0])) { @{ Name = $cmd.Name; Parameter = $pair[0]; Completer = $pair[1] } }
            }
        }
    ) {
        $attr = (Get-Command $Name).Parameters[$Parameter].Attributes |
            Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }
        $attr.Type.Name | Should -Be $Completer
    }
}
