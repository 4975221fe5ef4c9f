# Issue 16: what one cmdlet writes carries where it was made (Region, EndpointUrl, ProfileName), and the next cmdlet on
# the pipeline binds them by property name. The environment here points elsewhere (another region, a closed port), so
# only the values that travel down the pipeline can reach the app; no test passes them to the second cmdlet.
BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RolloutTestApp.psm1') -Force
    $script:Backend = Start-AoTestBackend -MotoEnvironment @{ MOTO_ECS_SERVICE_RUNNING = '2' }
    $script:Saved = @{}
    foreach ($k in 'AWS_REGION', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE') {
        $script:Saved[$k] = [Environment]::GetEnvironmentVariable($k)
    }
    $env:AWS_REGION = 'eu-west-3'
    $env:AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
    # A profile whose keys moto accepts, for the ProfileName case.
    $script:Credentials = Join-Path $TestDrive 'credentials'
    "[aotech-pipeline]`naws_access_key_id = pipeline`naws_secret_access_key = pipeline-secret`n" | Set-Content $Credentials
    $script:Config = Join-Path $TestDrive 'config'
    "[profile aotech-pipeline]`n" | Set-Content $Config
}

AfterAll {
    foreach ($k in $script:Saved.Keys) { [Environment]::SetEnvironmentVariable($k, $script:Saved[$k]) }
    if ($script:Backend) { Stop-AoTestBackend $script:Backend }
}

Describe 'Connection parameters down the pipeline' {
    BeforeEach {
        $script:App = New-AoTestRolloutApp $Backend -Name (New-AoTestAppName) -DesiredCount 2
    }

    It 'Wait-AoDeployment waits in the region and at the endpoint Update-AoTaskDefinition -Deploy used' {
        $deployment = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:1.1.0" } -Deploy `
            -Region us-east-1 -EndpointUrl $Backend.EndpointUrl
        $deployment.Region | Should -Be 'us-east-1'
        $deployment.EndpointUrl | Should -Be $Backend.EndpointUrl

        $done = $deployment | Wait-AoDeployment -ErrorAction Stop
        $done.RolloutState | Should -Be 'COMPLETED'
        $done.TaskDefinition | Should -Be "$($App.Resource):2"
        $done.Region | Should -Be 'us-east-1'
        $done.EndpointUrl | Should -Be $Backend.EndpointUrl
    }

    It 'the profile travels too' {
        $env:AWS_SHARED_CREDENTIALS_FILE = $Credentials
        $env:AWS_CONFIG_FILE = $Config
        Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY
        try {
            $done = Update-AoTaskDefinition -Name $App.Name -Image @{ nginx = "$($App.Registry)/nginx:1.28" } -Deploy `
                -Region us-east-1 -EndpointUrl $Backend.EndpointUrl -ProfileName aotech-pipeline |
                Wait-AoDeployment -ErrorAction Stop
        } finally {
            foreach ($k in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE') {
                [Environment]::SetEnvironmentVariable($k, $script:Saved[$k])
            }
        }
        $done.RolloutState | Should -Be 'COMPLETED'
        $done.ProfileName | Should -Be 'aotech-pipeline'
    }

    It 'an app object written by Set-AoEcsApp binds the next cmdlet to its region and endpoint' {
        $app = Set-AoEcsApp -Name $App.Name -DesiredCount 2 -Region us-east-1 -EndpointUrl $Backend.EndpointUrl -Confirm:$false 3>$null
        $app.Region | Should -Be 'us-east-1'
        $app.EndpointUrl | Should -Be $Backend.EndpointUrl
        ($app | Wait-AoDeployment -ErrorAction Stop).RolloutState | Should -Be 'COMPLETED'
    }

    It 'a parameter given on the command line wins over the piped value' {
        $deployment = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:1.2.0" } -Deploy `
            -Region us-east-1 -EndpointUrl $Backend.EndpointUrl
        # Nothing of the app's in eu-west-3, at the same endpoint.
        { $deployment | Wait-AoDeployment -Region eu-west-3 -ErrorAction Stop } | Should -Throw -ErrorId 'ServiceNotActive,*'
    }

    It 'objects from two regions are each followed in their own region' {
        $other = New-AoTestRolloutApp $Backend -Name (New-AoTestAppName) -DesiredCount 1
        $first = Update-AoTaskDefinition -Name $App.Name -Image @{ nginx = "$($App.Registry)/nginx:1.29" } -Deploy -Region us-east-1 -EndpointUrl $Backend.EndpointUrl
        $second = Update-AoTaskDefinition -Name $other.Name -Image @{ nginx = "$($App.Registry)/nginx:1.29" } -Deploy -Region us-east-1 -EndpointUrl $Backend.EndpointUrl
        # The second object claims another region: the cmdlet must connect again for it, not reuse the first connection.
        $second.Region = 'eu-west-3'
        $results = [System.Collections.Generic.List[object]]::new()
        $failure = $null
        try { $first, $second | Wait-AoDeployment -ErrorAction Stop | ForEach-Object { $results.Add($_) } } catch { $failure = $_ }
        $results.Count | Should -Be 1
        $results[0].Name | Should -Be $App.Name
        $results[0].Region | Should -Be 'us-east-1'
        $failure.FullyQualifiedErrorId | Should -BeLike 'ServiceNotActive,*'
    }
}
