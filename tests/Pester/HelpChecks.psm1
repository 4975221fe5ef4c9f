# What "documented" means for a cmdlet, shared by Help.Tests.ps1 (every exported cmdlet) and its self-test on a
# fixture assembly (so the check itself is proven able to fail).
Set-StrictMode -Version Latest

function Get-AoHelpText($Value) {
    if ($null -eq $Value) { return '' }
    (($Value | Out-String -Width 4096) -replace '\s+', ' ').Trim()
}

function Get-AoExampleParseError {
    <#
    .SYNOPSIS
    Parse errors in the code of each of a cmdlet's help examples, as "Example N: message" strings.
    #>
    param([Parameter(Mandatory)][string]$CommandName)
    $help = Get-Help $CommandName -Full
    $examples = @(if ($help.PSObject.Properties['examples'] -and $help.examples) { $help.examples.example })
    $n = 0
    foreach ($ex in $examples) {
        $n++
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput([string]$ex.code, [ref]$null, [ref]$errors)
        foreach ($e in @($errors)) { "Example ${n}: $($e.Message) (line $($e.Extent.StartLineNumber))" }
    }
}

function Get-AoHelpGap {
    <#
    .SYNOPSIS
    Lists what is missing from a cmdlet's help: synopsis, description, at least two examples with code, and a
    description for every parameter except the common ones. Empty when the help is complete.
    #>
    param([Parameter(Mandatory)][string]$CommandName)
    $command = Get-Command $CommandName -ErrorAction Stop
    $help = Get-Help $CommandName -Full
    if ($help.PSObject.TypeNames -notcontains 'MamlCommandHelpInfo') {
        # PowerShell made this help up from the syntax: there is no help file entry at all.
        'no help (no entry in the MAML help file)'
    }
    $synopsis = Get-AoHelpText $help.Synopsis
    if (-not $synopsis -or $synopsis.StartsWith($CommandName + ' ')) { 'no synopsis' }
    if (-not (Get-AoHelpText $help.description)) { 'no description' }
    $examples = @(if ($help.PSObject.Properties['examples'] -and $help.examples) { $help.examples.example })
    if ($examples.Count -lt 2) { "only $($examples.Count) example(s); at least 2 wanted" }
    $n = 0
    foreach ($ex in $examples) {
        $n++
        if (-not ([string]$ex.code).Trim()) { "Example $n has no code" }
        if (-not (Get-AoHelpText $ex.remarks)) { "Example $n has no explanation" }
    }
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $helpParams = @(if ($help.PSObject.Properties['parameters'] -and $help.parameters) { $help.parameters.parameter })
    foreach ($name in ($command.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)) {
        $entry = $helpParams | Where-Object { $_.name -eq $name } | Select-Object -First 1
        if (-not $entry -or -not (Get-AoHelpText $entry.description)) { "-$name is not described" }
    }
}

Export-ModuleMember -Function Get-AoHelpGap, Get-AoExampleParseError
