<#
.SYNOPSIS
Scheduled runbook: build and push the app image, roll it out, wait for the rollout, and fail the job when it fails.

.DESCRIPTION
Runs unattended (Azure Automation, a scheduled task, cron with pwsh). Credentials and region come from the usual AWS
chain: environment variables, a profile (-ProfileName), or the instance/container role of the machine running it.
The script stops at the first error and ends with a terminating error (non-zero exit code for `pwsh -File`) when
the build, the push or the rollout fails, including a rollout that the ECS circuit breaker rolled back.

.EXAMPLE
pwsh -File examples/runbook.ps1 -Name shop -Region eu-west-1 -Repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/aspnetapp
#>
[CmdletBinding()]
param(
    # The app (as created by New-AoEcsApp).
    [Parameter(Mandatory)][string]$Name,
    # Docker build context of the app.
    [string]$Path = (Join-Path $PSScriptRoot '../app/aspnetapp'),
    # Image repository: registry/repository, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/aspnetapp.
    [Parameter(Mandatory)][string]$Repository,
    # Image tag; by default the UTC date and time, so every run is traceable.
    [string]$Tag = [DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss'),
    [string]$Region,
    [string]$ProfileName
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module AoTech.Ecs

# Pass -Region / -ProfileName on only when given, so the AWS chain decides otherwise.
$aws = @{}
if ($Region) { $aws.Region = $Region }
if ($ProfileName) { $aws.ProfileName = $ProfileName }

try {
    # For an ECR repository the same AWS parameters get the registry login (and create the repository if missing).
    $image = Publish-AoImage -Path $Path -Repository $Repository -Tag $Tag @aws
    Write-Output "Pushed $($image.Reference)"

    $deployment = $image | Update-AoTaskDefinition -Name $Name -Deploy @aws
    Write-Output "Deploying $($deployment.TaskDefinition) ($($deployment.Id))"

    # Wait-AoDeployment ends with a terminating error when the rollout fails; the check below only guards the
    # contract so the job can never pass on anything but COMPLETED.
    $result = $deployment | Wait-AoDeployment @aws
    if ($result.RolloutState -ne 'COMPLETED') {
        throw "Rollout of $($result.TaskDefinition) ended $($result.RolloutState): $($result.RolloutStateReason)"
    }
    Write-Output "Rolled out $($result.TaskDefinition) in $($result.Duration)"
}
catch {
    # The ErrorId is stable (e.g. DeploymentRolledBack, DeploymentTimedOut, NoCredentials): alerting can match on it.
    Write-Output "FAILED [$($_.FullyQualifiedErrorId)] $($_.Exception.Message)"
    throw
}
