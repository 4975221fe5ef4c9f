BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    # Certificates are issued one second after the request; new services report one running task; the layer models ECS
    # service deployments, which Stop- and Resume-AoDeployment act on.
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '1' } -ServiceDeployments
    $script:zone = 'z' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example'
    $null = New-AoTestHostedZone $b $zone
    $script:taskdef = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')
    $script:common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }
    $script:endpoint = 'ep' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    $script:cluster = "aotech-$endpoint"
    function script:Get-Service([string]$App) {
        (Invoke-AoTestAws $b -ThroughLayer ecs describe-services --cluster $cluster --services "aotech-$App").services[0]
    }

    # One endpoint with two apps, built once: the rollouts act on 'shop' and must leave 'blog' alone.
    foreach ($app in 'shop', 'blog') {
        $null = New-AoEcsApp -Name $app -DomainName "$app.$zone" -TaskDefinitionPath $taskdef -Endpoint $endpoint -DesiredCount 1 @common
    }
    $script:blogTaskDefinition = (Get-Service 'blog').taskDefinition
}

AfterAll {
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'Rolling out an app on a shared endpoint' {
    It 'Update-AoTaskDefinition -Name -Deploy | Wait-AoDeployment deploys the app in the endpoint''s cluster, and only it' {
        $done = @(Update-AoTaskDefinition -Name shop -Image 'nginx:1.28' -Deploy @common | Wait-AoDeployment @common)[-1]

        $done.RolloutState | Should -Be 'COMPLETED'
        $done.Cluster | Should -Be $cluster
        $done.TaskDefinition | Should -Be 'aotech-shop:2'
        (Get-Service 'shop').taskDefinition | Should -Match '/aotech-shop:2$'
        (Get-Service 'blog').taskDefinition | Should -Be $blogTaskDefinition
    }

    It 'Undo-AoDeployment rolls the app back to the revision before, and only it' {
        $done = Undo-AoDeployment -Name shop -Confirm:$false @common

        $done.RolloutState | Should -Be 'COMPLETED'
        $done.TaskDefinition | Should -Be 'aotech-shop:1'
        (Get-Service 'shop').taskDefinition | Should -Match '/aotech-shop:1$'
        (Get-Service 'blog').taskDefinition | Should -Be $blogTaskDefinition
    }

    It 'Get-AoEcsApp reports an app that is nowhere as AppNotFound, naming both places it looked' {
        $null = Get-AoEcsApp -Name nowhere @common -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AppNotFound,*'
        $errs[0].Exception.Message | Should -Match 'neither an ECS cluster aotech-nowhere of its own nor a service aotech-nowhere on a shared endpoint'
    }

    It 'Stop-AoDeployment -Rollback stops the app''s rollout in the endpoint''s cluster, and only it' {
        # The switch from Rolling is a deployment of its own (the service's load balancer gains its alternate target group):
        # waited for without a bake time; the rollout stopped below then bakes for 30 (documented) minutes.
        $null = Set-AoEcsApp -Name shop -DeploymentStrategy BlueGreen -BakeTime 0 -Confirm:$false @common | Wait-AoDeployment @common
        $null = Set-AoEcsApp -Name shop -BakeTime 30 -Confirm:$false @common
        $before = (Get-Service 'shop').taskDefinition

        $done = Update-AoTaskDefinition -Name shop -Image 'nginx:1.29' -Deploy @common | Stop-AoDeployment -Rollback -Confirm:$false

        $done.ServiceDeploymentStatus | Should -Be 'ROLLBACK_SUCCESSFUL'
        (Get-Service 'shop').taskDefinition | Should -Be $before
        (Get-Service 'blog').taskDefinition | Should -Be $blogTaskDefinition
    }
}
