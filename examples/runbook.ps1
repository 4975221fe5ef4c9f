<#
.SYNOPSIS
Scheduled runbook: build and push the app image, roll it out, wait for the rollout, and fail the job when it fails.

.DESCRIPTION
Runs unattended (Azure Automation, a scheduled task, cron with pwsh, a CI step). The script stops at the first error
and ends with a terminating error (non-zero exit code for `pwsh -File`) when the build, the push or the rollout
fails, including a rollout that the ECS circuit breaker rolled back. The module must be installed where the runbook
runs (Install-PSResource, or the .nupkg that `./build.ps1 package` writes).

Credentials and region: -Credential, -ProfileName and -Region when given; otherwise the usual AWS chain
(environment variables, the default profile, web identity from AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, the
container or instance role of the machine running it).

Azure Automation needs two things this script cannot provide itself:
- A Hybrid Runbook Worker (a Linux or Windows machine you run, with PowerShell 7 and the module installed) with a
  Docker engine, because Publish-AoImage builds through the Docker Engine API and Azure's cloud sandboxes have none.
  Start the runbook on that worker group.
- AWS credentials. Without long-lived keys: give the Automation account a managed identity, create in AWS an IAM OIDC
  identity provider for your Microsoft Entra ID tenant and a role that trusts it (AssumeRoleWithWebIdentity, with a
  condition on the identity's object id). On the worker, write a token of the managed identity for that audience
  to a file, and set AWS_WEB_IDENTITY_TOKEN_FILE to the file and AWS_ROLE_ARN to the role before the runbook starts:
  the module assumes the role itself. With keys instead: store them as an Automation credential (user name = access
  key id, password = secret access key) and pass -Credential (Get-AutomationPSCredential -Name <asset>).
Only the -Credential path and the environment-variable chain are exercised by this repository's tests (against
moto_server); the managed-identity set-up above follows the AWS and Azure documentation and is not tested here.

.EXAMPLE
pwsh -File examples/runbook.ps1 -Name shop -Region eu-west-1 -Repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/aspnetapp

.EXAMPLE
# In Azure Automation, with keys kept in a credential asset:
./runbook.ps1 -Name shop -Region eu-west-1 -Repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/aspnetapp -Credential (Get-AutomationPSCredential -Name aws-deploy)
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
    [string]$ProfileName,
    # AWS access key id (user name) and secret access key (password), e.g. from Get-AutomationPSCredential.
    [pscredential]$Credential
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module AoTech.Ecs

# Pass -Region / -ProfileName / -Credential on only when given, so the AWS chain decides otherwise.
$aws = @{}
if ($Region) { $aws.Region = $Region }
if ($ProfileName) { $aws.ProfileName = $ProfileName }
if ($Credential) { $aws.Credential = $Credential }

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
