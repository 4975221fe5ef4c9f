# The one way the Pester suites reach the backend directly: the AWS CLI, a reference client, so checks and set-up do
# not go through the module under test (nor the request-logging proxy, so the request log holds only what it sent).
# (Many apps at once are made with boto3, the CLI's library, in one process: tests/tools/seed_apps.py.)
Set-StrictMode -Version Latest

function Invoke-AoTestAws {
    <#
    .SYNOPSIS
    Runs `aws <Arguments>` against $Backend.UpstreamUrl and returns the parsed JSON output (an empty object for none).
    A failing call throws with the CLI's message; with -AllowFailure it returns $null instead, for checks that
    expect a resource to be absent (describe calls fail on a name that does not exist). With -ThroughLayer it goes
    through the proxy instead ($Backend.EndpointUrl), so the tests' layer of documented AWS behaviour sees (and
    answers) the call: what ECS would show, where moto alone shows less.
    #>
    param([Parameter(Mandatory)] $Backend, [switch]$AllowFailure, [switch]$ThroughLayer,
        [Parameter(Mandatory, ValueFromRemainingArguments)] [string[]]$Arguments)
    $aws = (Get-Command aws -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $endpoint = if ($ThroughLayer) { $Backend.EndpointUrl } else { $Backend.UpstreamUrl }
    $out = & $aws --region us-east-1 --endpoint-url $endpoint --output json @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) {
        if ($AllowFailure) { return $null }
        throw "aws $($Arguments -join ' ') failed: $($out | Out-String)"
    }
    $text = ($out | Out-String).Trim()
    if ($text) { $text | ConvertFrom-Json } else { [pscustomobject]@{} }
}

Export-ModuleMember -Function Invoke-AoTestAws
