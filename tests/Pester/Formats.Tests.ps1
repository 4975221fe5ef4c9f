# The default table views in src/AoTech.Ecs.PowerShell/Formats/AoTech.Ecs.Format.ps1xml.
BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    $script:Module = Get-Module AoTech.Ecs
    $script:FormatFile = Join-Path $Module.ModuleBase 'AoTech.Ecs.Format.ps1xml'
    $script:Output = 'AoTech.Ecs.PowerShell.Output'
    function New-Output([string]$Name, [hashtable]$Properties) {
        $o = [Activator]::CreateInstance($Module.ImplementingAssembly.GetType("$Output.$Name", $true))
        foreach ($k in $Properties.Keys) { $o.$k = $Properties[$k] }
        $o
    }
}

Describe 'AoTech.Ecs.Format.ps1xml' {
    It 'is listed in the manifest and ships with the module' {
        (Import-PowerShellDataFile $env:AOTECH_MODULE_PATH).FormatsToProcess | Should -Contain 'AoTech.Ecs.Format.ps1xml'
        $FormatFile | Should -Exist
    }

    It 'loads into a fresh session state without errors' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Update-FormatData').AddParameter('AppendPath', $FormatFile).AddParameter('ErrorAction', 'Stop')
            $ps.Invoke()
            $ps.HadErrors | Should -BeFalse
            $ps.Streams.Error.Count | Should -Be 0
        } finally { $ps.Dispose() }
    }

    It 'names only types the module assemblies define' {
        # The cmdlet assembly and the core (loaded on demand, so load it here to look inside).
        $assemblies = @($Module.ImplementingAssembly, [System.Reflection.Assembly]::LoadFrom((Join-Path $Module.ModuleBase 'AoTech.Ecs.dll')))
        $names = ([xml](Get-Content -Raw $FormatFile)).Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
        $names.Count | Should -BeGreaterOrEqual 4
        $missing = @($names | Where-Object { $n = $_; -not ($assemblies | Where-Object { $_.GetType($n) }) })
        $missing | Should -Be @()
    }

    It 'has a view for every type an exported cmdlet declares as [OutputType]' {
        $declared = @(Get-Command -Module AoTech.Ecs -CommandType Cmdlet | ForEach-Object { $_.OutputType } |
                Where-Object { $_.Type -and -not $_.Type.IsPrimitive -and $_.Type -notin [string], [object], [psobject], [void] } |
                ForEach-Object { $_.Type.FullName } | Sort-Object -Unique)
        $withView = @(if ($declared) { (Get-FormatData -TypeName $declared -ErrorAction SilentlyContinue).TypeNames })
        @($declared | Where-Object { $withView -notcontains $_ }) | Should -Be @()
    }

    It 'gives every output class a view' {
        $classes = $Module.ImplementingAssembly.GetExportedTypes() | Where-Object { $_.Namespace -eq $Output -and $_.IsClass } | ForEach-Object FullName
        $viewed = (Get-FormatData -TypeName $classes).TypeNames
        @($classes | Where-Object { $viewed -notcontains $_ }) | Should -Be @()
    }
}

Describe 'Default tables' {
    It 'shows an endpoint as Name, Instances, Apps and its use of the load balancer''s quotas' {
        $endpoint = [AoTech.Ecs.Stack.Endpoints.EndpointStatus]@{ Name = 'main'; InstanceType = 't3.small'; MinSize = 1; MaxSize = 4; DesiredCapacity = 2; RunningInstances = 1
            Apps = [AoTech.Ecs.Stack.Endpoints.EndpointApp[]]@(@{ Name = 'api' }, @{ Name = 'site' }); Rules = 2; Certificates = 1; TargetGroups = 2; Region = 'eu-west-1' }
        $lines = @(($endpoint | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Name\s+Instances\s+Apps\s+Rules\s+Certificates\s+TargetGroups$'
        $lines[2] | Should -Match '^main\s+1/2 \(1-4\) t3\.small\s+api, site\s+2/100\s+1/25\s+2/100$'
        ($endpoint | Out-String) | Should -Not -Match 'eu-west-1'
    }

    It 'shows an app as Name, Url, Running/Desired, Scaling and Rollout' {
        $app = [AoTech.Ecs.Stack.AoEcsApp]@{ Name = 'shop'; Url = 'https://shop.example.com/'; RunningCount = 2; DesiredCount = 3; RolloutState = 'IN_PROGRESS'; Region = 'eu-west-1' }
        $lines = @(($app | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Name\s+Url\s+Running/Desired\s+Scaling\s+Rollout$'
        $lines[2] | Should -Match '^shop\s+https://shop\.example\.com/\s+2/3\s+IN_PROGRESS$'
        ($app | Out-String) | Should -Not -Match 'eu-west-1'
    }

    It 'shows the auto scaling range and targets of an app that has them' {
        $app = [AoTech.Ecs.Stack.AoEcsApp]@{ Name = 'shop'; Url = 'https://shop.example.com/'; RunningCount = 4; DesiredCount = 4; RolloutState = 'COMPLETED' }
        $null = $app.WithScaling([AoTech.Ecs.Stack.Scaling.TaskScaling]::new(2, 10, 60, $null))
        $lines = @(($app | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[2] | Should -Match '^shop\s+https://shop\.example\.com/\s+4/4\s+2-10 tasks, CPU 60%\s+COMPLETED$'
    }

    It 'shortens an image digest to 12 hex digits' {
        $digest = 'sha256:' + ('0123456789abcdef' * 4)
        $image = [AoTech.Ecs.Images.AoImage]::new('registry.local/shop', '1.2.3', 'sha256:feed', $digest, $null)
        $text = $image | Out-String -Width 200
        $text | Should -Match 'registry\.local/shop\s+1\.2\.3\s+sha256:0123456789ab\s*$'
        $text | Should -Not -Match '0123456789abc'
    }

    It 'lists task definition images as container=image' {
        $images = [System.Collections.Specialized.OrderedDictionary]::new()
        $images['web'] = 'shop:2'; $images['proxy'] = 'nginx:1'
        $td = New-Output AoTaskDefinition @{ Family = 'shop'; Revision = 7; Images = $images; Changed = $true }
        ($td | Out-String -Width 200) | Should -Match 'shop\s+7\s+True\s+web=shop:2, proxy=nginx:1'
    }

    It 'lists images given as a list of container=image items too' {
        $td = [pscustomobject]@{ PSTypeName = "$Output.AoTaskDefinition"; Family = 'shop'; Revision = 8; Changed = $false; Images = @('web=shop:3', 'proxy=nginx:1') }
        ($td | Out-String -Width 200) | Should -Match 'shop\s+8\s+False\s+web=shop:3, proxy=nginx:1'
    }

    It 'shows a deployment with its duration, service deployment status and lifecycle stage' {
        $d = New-Output AoDeployment @{ Name = 'shop'; Id = 'ecs-svc/123'; Status = 'PRIMARY'; RolloutState = 'COMPLETED'; TaskDefinition = 'shop:7'; Duration = [timespan]::FromSeconds(95) }
        ($d | Out-String -Width 200) | Should -Match 'ecs-svc/123\s+PRIMARY\s+COMPLETED\s+shop:7\s+00:01:35'
        $bg = New-Output AoDeployment @{ Name = 'shop'; Id = 'ecs-svc/124'; Status = 'PRIMARY'; RolloutState = 'IN_PROGRESS'
            ServiceDeploymentStatus = 'IN_PROGRESS'; LifecycleStage = 'BAKE_TIME'; TaskDefinition = 'shop:8' }
        ($bg | Out-String -Width 200) | Should -Match 'ecs-svc/124\s+PRIMARY\s+IN_PROGRESS\s+IN_PROGRESS\s+BAKE_TIME\s+shop:8'
    }
}
