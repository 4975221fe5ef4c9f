# Helpers shared by the New-/Get-/Remove-AoEcsApp suites: a task definition file, a hosted zone, and read-only
# listings through the AWS CLI (a reference client, so the checks do not trust the module's own view).
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'AwsCli.psm1')

function New-AoTestTaskDefinitionFile([Parameter(Mandatory)][string]$Path, [string]$Image = 'nginx:1.27', [int]$Memory = 256) {
    # moto requires a hard memory limit for EC2 task definitions (AWS also accepts memoryReservation alone).
    @"
{
  "containerDefinitions": [
    {
      "name": "web",
      "image": "$Image",
      "memory": $Memory,
      "essential": true,
      "portMappings": [ { "containerPort": 8080 } ]
    }
  ]
}
"@ | Set-Content -Path $Path -Encoding utf8NoBOM
    $Path
}

function New-AoTestHostedZone([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)][string]$Name) {
    $zone = Invoke-AoTestAws $Backend route53 create-hosted-zone --name $Name --caller-reference ([guid]::NewGuid().ToString())
    if (-not $zone) { throw "Could not create hosted zone $Name" }
    $zone.HostedZone.Id -replace '^/hostedzone/', ''
}

function Get-AoTestAppResources {
    <#
    .SYNOPSIS
    Everything in the backend that carries the app's tag or one of its names, listed service by service.
    #>
    param([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)][string]$App, [Parameter(Mandatory)][string]$ZoneId,
        [Parameter(Mandatory)][string]$Domain)
    $tag = "Name=tag:aotech:app,Values=$App"
    $prefix = "aotech-$App"
    $found = [System.Collections.Generic.List[string]]::new()
    foreach ($kind in 'vpcs', 'subnets', 'security-groups', 'internet-gateways', 'route-tables', 'launch-templates') {
        $r = Invoke-AoTestAws $Backend ec2 "describe-$kind" --filters $tag
        $list = switch ($kind) {
            'vpcs' { $r.Vpcs } 'subnets' { $r.Subnets } 'security-groups' { $r.SecurityGroups }
            'internet-gateways' { $r.InternetGateways } 'route-tables' { $r.RouteTables } 'launch-templates' { $r.LaunchTemplates }
        }
        foreach ($x in @($list)) { if ($x) { $found.Add("ec2 $kind") } }
    }
    # The private network's NAT gateways, their Elastic IPs and VPC endpoints (deleted ones are listed for a while).
    $nats = Invoke-AoTestAws $Backend ec2 describe-nat-gateways --filter $tag
    foreach ($x in @($nats.NatGateways | Where-Object State -ne 'deleted')) { if ($x) { $found.Add("NAT gateway $($x.NatGatewayId)") } }
    $addresses = Invoke-AoTestAws $Backend ec2 describe-addresses --filters $tag
    foreach ($x in @($addresses.Addresses)) { if ($x) { $found.Add("Elastic IP $($x.AllocationId)") } }
    $endpoints = Invoke-AoTestAws $Backend ec2 describe-vpc-endpoints --filters $tag
    foreach ($x in @($endpoints.VpcEndpoints | Where-Object State -notin 'deleted', 'Deleted')) { if ($x) { $found.Add("VPC endpoint $($x.ServiceName)") } }
    $lt = Invoke-AoTestAws $Backend -AllowFailure ec2 describe-launch-templates --launch-template-names "$prefix-lt"
    if ($lt -and @($lt.LaunchTemplates).Count) { $found.Add("launch template $prefix-lt") }
    if (Invoke-AoTestAws $Backend -AllowFailure elbv2 describe-load-balancers --names "$prefix-alb") { $found.Add('load balancer') }
    if (Invoke-AoTestAws $Backend -AllowFailure elbv2 describe-target-groups --names "$prefix-tg") { $found.Add('target group') }
    $asg = Invoke-AoTestAws $Backend autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$prefix-asg"
    if ($asg -and @($asg.AutoScalingGroups).Count) { $found.Add('Auto Scaling group') }
    $cp = Invoke-AoTestAws $Backend -AllowFailure ecs describe-capacity-providers --capacity-providers "$prefix-cp"
    if ($cp -and @($cp.capacityProviders | Where-Object status -ne 'INACTIVE').Count) { $found.Add('capacity provider') }
    $cl = Invoke-AoTestAws $Backend -AllowFailure ecs describe-clusters --clusters $prefix
    if ($cl -and @($cl.clusters | Where-Object status -ne 'INACTIVE').Count) { $found.Add('cluster') }
    # Task auto scaling: a scalable target (and its policies) outlives the service it scales.
    $targets = Invoke-AoTestAws $Backend application-autoscaling describe-scalable-targets --service-namespace ecs --resource-ids "service/$prefix/$prefix"
    if ($targets -and @($targets.ScalableTargets).Count) { $found.Add('scalable target') }
    $policies = Invoke-AoTestAws $Backend application-autoscaling describe-scaling-policies --service-namespace ecs --resource-id "service/$prefix/$prefix"
    foreach ($p in @($policies.ScalingPolicies)) { if ($p) { $found.Add("scaling policy $($p.PolicyName)") } }
    $td = Invoke-AoTestAws $Backend ecs list-task-definitions --family-prefix $prefix --status ACTIVE
    if ($td -and @($td.taskDefinitionArns).Count) { $found.Add('task definitions') }
    $roles = Invoke-AoTestAws $Backend iam list-roles --path-prefix "/aotech/$App/"
    if ($roles -and @($roles.Roles).Count) { $found.Add('IAM roles') }
    $profiles = Invoke-AoTestAws $Backend iam list-instance-profiles --path-prefix "/aotech/$App/"
    if ($profiles -and @($profiles.InstanceProfiles).Count) { $found.Add('instance profiles') }
    $logs = Invoke-AoTestAws $Backend logs describe-log-groups --log-group-name-prefix "/aotech/$App"
    if ($logs -and @($logs.logGroups | Where-Object logGroupName -eq "/aotech/$App").Count) { $found.Add('log group') }
    $params = Invoke-AoTestAws $Backend ssm describe-parameters --parameter-filters "Key=Name,Option=BeginsWith,Values=/aotech/$App/"
    foreach ($p in @($params.Parameters)) { if ($p) { $found.Add("ssm parameter $($p.Name)") } }
    $certs = Invoke-AoTestAws $Backend acm list-certificates
    foreach ($c in @($certs.CertificateSummaryList | Where-Object DomainName -eq $Domain)) {
        $tags = Invoke-AoTestAws $Backend -AllowFailure acm list-tags-for-certificate --certificate-arn $c.CertificateArn
        if (@($tags.Tags | Where-Object { $_.Key -eq 'aotech:app' -and $_.Value -eq $App }).Count) { $found.Add('certificate') }
    }
    $records = Invoke-AoTestAws $Backend route53 list-resource-record-sets --hosted-zone-id $ZoneId
    foreach ($r in @($records.ResourceRecordSets | Where-Object Type -in 'A', 'CNAME')) { $found.Add("record $($r.Type) $($r.Name)") }
    , $found.ToArray()
}

function Set-AoTestAppLock {
    <#
    .SYNOPSIS
    Writes app <App>'s lock as another run would have left it (straight to the backend): by default a run on another
    host whose lease ends in -LeaseSeconds (negative: already ended).
    #>
    param([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)][string]$App, [string]$HostName = 'build-agent-elsewhere',
        [int]$ProcessId = 4242, [int]$LeaseSeconds = 300, [string]$Operation = 'New-AoEcsApp')
    $now = [DateTime]::UtcNow
    $value = [ordered]@{ runId = [guid]::NewGuid().ToString('N'); host = $HostName; pid = $ProcessId; operation = $Operation
        acquired = $now.AddMinutes(-1).ToString('o'); expires = $now.AddSeconds($LeaseSeconds).ToString('o') } | ConvertTo-Json -Compress
    $null = Invoke-AoTestAws $Backend ssm put-parameter --name "/aotech/$App/lock" --type String --overwrite --value $value
    $value | ConvertFrom-Json
}

function Get-AoTestAppLock([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)][string]$App) {
    <# The app's lock value (parsed), or $null when nobody holds it. #>
    $p = Invoke-AoTestAws $Backend -AllowFailure ssm get-parameter --name "/aotech/$App/lock"
    if ($p) { $p.Parameter.Value | ConvertFrom-Json }
}

function New-AoTestEndpoint([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)][string]$Name) {
    <#
    A shared endpoint's own resources as the stack names and tags them, made with the AWS CLI in the default VPC (no app,
    no certificate: quick): load balancer aotech-<Name>-alb and its security group, launch template aotech-<Name>-lt,
    Auto Scaling group aotech-<Name>-asg. Enough for Set-AoEcsEndpoint to find the endpoint.
    #>
    $r = "aotech-$Name"
    $vpc = (Invoke-AoTestAws $Backend ec2 describe-vpcs --filters 'Name=isDefault,Values=true').Vpcs[0].VpcId
    $subnets = @((Invoke-AoTestAws $Backend ec2 describe-subnets --filters 'Name=default-for-az,Values=true').Subnets | Select-Object -First 2 -ExpandProperty SubnetId)
    $tag = "{Key=aotech:endpoint,Value=$Name}"
    $sg = (Invoke-AoTestAws $Backend ec2 create-security-group --group-name "$r-alb" --description 'test endpoint' --vpc-id $vpc `
        --tag-specifications "ResourceType=security-group,Tags=[$tag]").GroupId
    $null = Invoke-AoTestAws $Backend ec2 authorize-security-group-ingress --group-id $sg --protocol tcp --port 443 --cidr 0.0.0.0/0
    $null = Invoke-AoTestAws $Backend elbv2 create-load-balancer --name "$r-alb" --subnets @subnets --security-groups $sg --tags "Key=aotech:endpoint,Value=$Name"
    $data = @{ ImageId = 'ami-12c6146b'; InstanceType = 't3.small'
        TagSpecifications = @(@{ ResourceType = 'instance'; Tags = @(@{ Key = 'aotech:endpoint'; Value = $Name }) }) } | ConvertTo-Json -Depth 5 -Compress
    $null = Invoke-AoTestAws $Backend ec2 create-launch-template --launch-template-name "$r-lt" --launch-template-data $data
    $null = Invoke-AoTestAws $Backend autoscaling create-auto-scaling-group --auto-scaling-group-name "$r-asg" `
        --launch-template "LaunchTemplateName=$r-lt" --min-size 0 --max-size 2 --vpc-zone-identifier ($subnets -join ',') `
        --tags "ResourceId=$r-asg,ResourceType=auto-scaling-group,Key=aotech:endpoint,Value=$Name,PropagateAtLaunch=true"
}

function Get-AoTestWhatIfText([Parameter(Mandatory)][hashtable]$Arguments, [Parameter(Mandatory)][string]$Transcript,
    [string]$Command = 'New-AoEcsApp') {
    # -WhatIf writes the plan to the host: read it from a transcript, lines joined.
    $null = Start-Transcript -Path $Transcript -Force
    try { $null = & $Command @Arguments -WhatIf 3>$null } finally { $null = Stop-Transcript }
    (Get-Content -Raw $Transcript) -replace '\s*\r?\n\s*', ' '
}

Export-ModuleMember -Function New-AoTestTaskDefinitionFile, New-AoTestEndpoint, Get-AoTestWhatIfText, Invoke-AoTestAws, New-AoTestHostedZone, Get-AoTestAppResources, Set-AoTestAppLock, Get-AoTestAppLock
