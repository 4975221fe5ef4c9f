<#
.SYNOPSIS
Builds the module's help: docs/<Verb-Noun>.md -> en-US/<assembly>-Help.xml (MAML), docs/about_*.md -> en-US/about_*.help.txt.

.DESCRIPTION
The docs carry prose only (synopsis, description, examples, one paragraph or more per parameter, inputs, outputs,
notes). Everything a machine can know - parameter types, mandatory, position, pipeline input, aliases, parameter
sets, accepted values - is read from the built cmdlet assembly, so help can never disagree with the code.
Metadata comes from a fresh pwsh that imports the assembly (PowerShell's own view of the cmdlets, common
parameters included), so this build session never loads the module.

Docs layout (a small platyPS-like subset):
    # Verb-Noun
    ## SYNOPSIS            one paragraph
    ## DESCRIPTION         paragraphs
    ## EXAMPLES
    ### Example 1: title   a ```powershell fence, then text explaining it
    ## PARAMETERS
    ### -Name              paragraphs
    ## INPUTS / ## OUTPUTS ### Type name, then text
    ## NOTES               paragraphs
    ## RELATED LINKS       "- [text](uri)" lines
docs/SharedParameters.md holds "### -Name" sections for parameters many cmdlets share (-Region, -ProfileName, ...);
a cmdlet's own file overrides them.

Problems (docs for a cmdlet that does not exist, a described parameter the cmdlet lacks, a cmdlet without docs)
are reported as warnings; tests/Pester/Help.Tests.ps1 turns missing help into failures.

.EXAMPLE
./build/New-ExternalHelp.ps1 -DocsPath docs -OutputPath out/AoTech.Ecs -AssemblyPath out/AoTech.Ecs/AoTech.Ecs.PowerShell.dll
#>
[CmdletBinding(DefaultParameterSetName = 'Build')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Build')][string]$DocsPath,
    [Parameter(Mandatory, ParameterSetName = 'Build')][string]$OutputPath,
    [Parameter(Mandatory)][string]$AssemblyPath,
    [string]$Culture = 'en-US',
    # Internal: run in the child process; prints the cmdlet metadata as JSON.
    [Parameter(Mandatory, ParameterSetName = 'Metadata')][switch]$MetadataOnly
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# ---------------------------------------------------------------------------------------------------------------
# Metadata (child process)
# ---------------------------------------------------------------------------------------------------------------

function Get-CmdletMetadata([string]$Path) {
    $module = Import-Module $Path -PassThru -DisableNameChecking
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    foreach ($cmd in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
        # A fresh instance holds each parameter's real default (what the property is before any binding).
        $fresh = try { [Activator]::CreateInstance($cmd.ImplementingType) } catch { $null }
        $sets = foreach ($set in $cmd.ParameterSets) {
            [ordered]@{
                Name       = $set.Name
                IsDefault  = $set.IsDefault
                Parameters = @(foreach ($p in $set.Parameters) {
                        if ($common -contains $p.Name) { continue }
                        $validSet = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
                        $default = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.PSDefaultValueAttribute] } | Select-Object -First 1
                        [ordered]@{
                            Name                            = $p.Name
                            Type                            = $p.ParameterType.FullName
                            TypeName                        = Get-FriendlyTypeName $p.ParameterType
                            IsSwitch                        = $p.ParameterType -eq [System.Management.Automation.SwitchParameter]
                            IsMandatory                     = $p.IsMandatory
                            Position                        = $p.Position
                            ValueFromPipeline               = $p.ValueFromPipeline
                            ValueFromPipelineByPropertyName = $p.ValueFromPipelineByPropertyName
                            ValueFromRemainingArguments     = $p.ValueFromRemainingArguments
                            Aliases                         = @($p.Aliases)
                            ValidValues                     = @(if ($validSet) { $validSet.ValidValues })
                            IsArray                         = $p.ParameterType.IsArray
                            Globbing                        = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                            DefaultValue                    = if ($default) { if ($default.Help) { $default.Help } else { "$($default.Value)" } } else { Format-DefaultValue $fresh $p.Name }
                        }
                    })
            }
        }
        [ordered]@{
            Name          = $cmd.Name
            Verb          = $cmd.Verb
            Noun          = $cmd.Noun
            DefaultSet    = $cmd.DefaultParameterSet
            ParameterSets = @($sets)
            OutputTypes   = @($cmd.OutputType | ForEach-Object { if ($_.Type) { $_.Type.FullName } else { $_.Name } })
        }
    }
}

# The value a parameter's property has on a fresh cmdlet, as help shows it; $null when it has none worth showing (null,
# an empty collection, a switch that is off).
function Format-DefaultValue($Instance, [string]$Name) {
    if ($null -eq $Instance) { return $null }
    $property = $Instance.GetType().GetProperty($Name)
    if (-not $property) { return $null }
    $value = $property.GetValue($Instance)
    if ($null -eq $value -or $value -is [System.Management.Automation.SwitchParameter]) { return $null }
    if ($value -is [string]) { if ($value) { return $value } else { return $null } }
    if ($value -is [System.Collections.IEnumerable]) {
        $items = @($value | ForEach-Object { [System.Convert]::ToString($_, [cultureinfo]::InvariantCulture) })
        if ($items.Count) { return $items -join ', ' } else { return $null }
    }
    [System.Convert]::ToString($value, [cultureinfo]::InvariantCulture)
}

function Get-FriendlyTypeName([type]$Type) {
    if ($Type.IsArray) { return (Get-FriendlyTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition() -eq [Nullable`1]) { return Get-FriendlyTypeName $Type.GetGenericArguments()[0] }
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $Type.Name
}

if ($MetadataOnly) {
    @(Get-CmdletMetadata $AssemblyPath) | ConvertTo-Json -Depth 8 -Compress
    return
}

# ---------------------------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------------------------

# Splits text into paragraphs: blank lines separate them, list items ("- ", "* ", "1. ") stand alone, and fenced
# code keeps its line breaks.
function ConvertTo-Paragraph([string[]]$Lines) {
    $paras = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $flush = {
        if ($current.Count) { $paras.Add(($current -join ' ').Trim()); $current.Clear() }
    }
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') {
            if ($inFence) { $paras.Add(($current -join "`n")); $current.Clear(); $inFence = $false }
            else { & $flush; $inFence = $true }
            continue
        }
        if ($inFence) { $current.Add($line); continue }
        if ($line -match '^\s*$') { & $flush; continue }
        if ($line -match '^\s*([-*]|\d+\.)\s+') { & $flush }
        $current.Add($line.Trim())
    }
    & $flush
    , @($paras | Where-Object { $_ -ne '' } | ForEach-Object { Remove-InlineMarkdown $_ })
}

# Help is read as plain text: drop emphasis and code ticks, keep link text.
function Remove-InlineMarkdown([string]$Text) {
    $t = $Text -replace '\[([^\]]+)\]\([^)]*\)', '$1'
    $t = $t -replace '(\*\*|__)(.+?)\1', '$2'
    $t -replace '`([^`]+)`', '$1'
}

# Parses one docs/<Verb-Noun>.md into sections: H2 name -> lines, and H3 blocks where the layout uses them.
function Read-CommandDoc([string]$Path) {
    $lines = Get-Content -LiteralPath $Path
    $doc = [ordered]@{ Path = $Path; Title = $null; Sections = [ordered]@{} }
    $section = $null
    $inFence = $false
    foreach ($line in $lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^#\s+(.+?)\s*$' -and -not $doc.Title) { $doc.Title = $Matches[1]; continue }
        if (-not $inFence -and $line -match '^##\s+(.+?)\s*$') {
            $section = $Matches[1].ToUpperInvariant()
            $doc.Sections[$section] = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($section) { $doc.Sections[$section].Add($line) }
    }
    $doc
}

# Splits a section's lines on "### heading" (outside code fences) -> list of @{ Heading; Lines }.
function Split-Subsection([System.Collections.Generic.List[string]]$Lines) {
    $items = [System.Collections.Generic.List[object]]::new()
    if (-not $Lines) { return , $items }
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^###\s+(.+?)\s*$') {
            $current = @{ Heading = $Matches[1]; Lines = [System.Collections.Generic.List[string]]::new() }
            $items.Add($current)
            continue
        }
        if ($current) { $current.Lines.Add($line) }
    }
    , $items
}

# An example: the first ```powershell (or unlabelled) fence is the code, everything else the remarks.
function Read-Example($Item) {
    $code = [System.Collections.Generic.List[string]]::new()
    $rest = [System.Collections.Generic.List[string]]::new()
    $state = 'text'
    $codeTaken = $false
    foreach ($line in $Item.Lines) {
        if ($state -eq 'text' -and -not $codeTaken -and $line -match '^\s*```\s*(powershell|pwsh|ps1|ps)?\s*$') { $state = 'code'; continue }
        if ($state -eq 'code' -and $line -match '^\s*```\s*$') { $state = 'text'; $codeTaken = $true; continue }
        if ($state -eq 'code') { $code.Add($line) } else { $rest.Add($line) }
    }
    @{ Title = $Item.Heading; Code = ($code -join "`n").Trim(); Remarks = (ConvertTo-Paragraph $rest) }
}

# ---------------------------------------------------------------------------------------------------------------
# MAML
# ---------------------------------------------------------------------------------------------------------------

$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Write-Paragraphs([System.Xml.XmlWriter]$W, [string[]]$Paragraphs) {
    $W.WriteStartElement('maml', 'description', $ns.maml)
    foreach ($p in @($Paragraphs)) { $W.WriteElementString('maml', 'para', $ns.maml, $p) }
    $W.WriteEndElement()
}

function Get-PipelineText($P) {
    $kinds = @()
    if ($P.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($P.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Get-PositionText($P) { if ($P.Position -ge 0) { "$($P.Position)" } else { 'named' } }

function Write-Parameter([System.Xml.XmlWriter]$W, $P, [bool]$Required, [string]$Position, [string[]]$Description, [bool]$InSyntax) {
    $W.WriteStartElement('command', 'parameter', $ns.command)
    $W.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', $P.IsArray.ToString().ToLowerInvariant())
    $W.WriteAttributeString('globbing', $P.Globbing.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', (Get-PipelineText $P))
    $W.WriteAttributeString('position', $Position)
    $W.WriteAttributeString('aliases', $(if ($P.Aliases.Count) { $P.Aliases -join ', ' } else { 'none' }))
    $W.WriteElementString('maml', 'name', $ns.maml, $P.Name)
    Write-Paragraphs $W $Description
    if ($P.ValidValues.Count) {
        $W.WriteStartElement('command', 'parameterValueGroup', $ns.command)
        foreach ($v in $P.ValidValues) {
            $W.WriteStartElement('command', 'parameterValue', $ns.command)
            $W.WriteAttributeString('required', 'false'); $W.WriteAttributeString('variableLength', 'false')
            $W.WriteString($v); $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }
    if (-not $P.IsSwitch -or -not $InSyntax) {
        $W.WriteStartElement('command', 'parameterValue', $ns.command)
        $W.WriteAttributeString('required', $(if ($P.IsSwitch) { 'false' } else { 'true' }))
        $W.WriteAttributeString('variableLength', $P.IsArray.ToString().ToLowerInvariant())
        $W.WriteString($P.TypeName); $W.WriteEndElement()
    }
    $W.WriteStartElement('dev', 'type', $ns.dev)
    $W.WriteElementString('maml', 'name', $ns.maml, $P.Type)
    $W.WriteElementString('maml', 'uri', $ns.maml, '')
    $W.WriteEndElement()
    # [PSDefaultValue(Help = '...')] on the parameter says what an omitted value means.
    $W.WriteElementString('dev', 'defaultValue', $ns.dev, $(if ($P.DefaultValue) { $P.DefaultValue } elseif ($P.IsSwitch) { 'False' } else { 'None' }))
    $W.WriteEndElement()
}

# Descriptions for the two "optional common" parameters ShouldProcess adds, so no doc has to repeat them.
$standardDescriptions = @{
    WhatIf  = @('Shows what would happen if the cmdlet runs. Nothing is changed.')
    Confirm = @('Prompts you for confirmation before each change.')
}

function Write-Command([System.Xml.XmlWriter]$W, $Meta, $Doc) {
    $sections = if ($Doc) { $Doc.Sections } else { @{} }
    $text = { param($name) if ($sections.Contains($name)) { ConvertTo-Paragraph $sections[$name] } else { @() } }
    $paramDocs = @{}
    if ($sections.Contains('PARAMETERS')) {
        foreach ($item in (Split-Subsection $sections['PARAMETERS'])) {
            $paramDocs[$item.Heading.TrimStart('-').Trim()] = ConvertTo-Paragraph $item.Lines
        }
    }
    $describe = {
        param($name)
        if ($paramDocs.ContainsKey($name)) { $paramDocs[$name] }
        elseif ($sharedParameters.ContainsKey($name)) { $sharedParameters[$name] }
        elseif ($standardDescriptions.ContainsKey($name)) { $standardDescriptions[$name] }
        else { @() }
    }

    $W.WriteStartElement('command', 'command', $ns.command)
    $W.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
    $W.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)

    $W.WriteStartElement('command', 'details', $ns.command)
    $W.WriteElementString('command', 'name', $ns.command, $Meta.Name)
    $W.WriteElementString('command', 'verb', $ns.command, $Meta.Verb)
    $W.WriteElementString('command', 'noun', $ns.command, $Meta.Noun)
    Write-Paragraphs $W (& $text 'SYNOPSIS')
    $W.WriteEndElement()

    Write-Paragraphs $W (& $text 'DESCRIPTION')

    # Syntax: one item per parameter set, default set first, positional then mandatory parameters leading, the rest in
    # the order the cmdlet declares them (-Stable: Sort-Object alone may reorder equal keys from one build to the next).
    $W.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($set in @($Meta.ParameterSets | Sort-Object -Stable { -not $_.IsDefault })) {
        $W.WriteStartElement('command', 'syntaxItem', $ns.command)
        $W.WriteElementString('maml', 'name', $ns.maml, $Meta.Name)
        $ordered = $set.Parameters | Sort-Object -Stable @{ e = { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } }, @{ e = { -not $_.IsMandatory } }
        foreach ($p in $ordered) { Write-Parameter $W $p $p.IsMandatory (Get-PositionText $p) (& $describe $p.Name) $true }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    # Parameters: each once; "required" only when mandatory in every set that has it.
    $W.WriteStartElement('command', 'parameters', $ns.command)
    $seen = [ordered]@{}
    foreach ($set in $Meta.ParameterSets) {
        foreach ($p in $set.Parameters) {
            if (-not $seen.Contains($p.Name)) { $seen[$p.Name] = [System.Collections.Generic.List[object]]::new() }
            $seen[$p.Name].Add($p)
        }
    }
    foreach ($name in ($seen.Keys | Sort-Object)) {
        $all = $seen[$name]
        $required = -not ($all | Where-Object { -not $_.IsMandatory })
        $positions = @($all | ForEach-Object { Get-PositionText $_ } | Select-Object -Unique)
        Write-Parameter $W $all[0] $required ($positions -join ', ') (& $describe $name) $false
    }
    $W.WriteEndElement()

    foreach ($pair in @(@('INPUTS', 'inputTypes', 'inputType'), @('OUTPUTS', 'returnValues', 'returnValue'))) {
        $W.WriteStartElement('command', $pair[1], $ns.command)
        $items = if ($sections.Contains($pair[0])) { Split-Subsection $sections[$pair[0]] } else { @() }
        if (-not $items -and $pair[0] -eq 'OUTPUTS') {
            $items = @($Meta.OutputTypes | ForEach-Object { @{ Heading = $_; Lines = [System.Collections.Generic.List[string]]::new() } })
        }
        foreach ($item in $items) {
            $W.WriteStartElement('command', $pair[2], $ns.command)
            $W.WriteStartElement('dev', 'type', $ns.dev)
            $W.WriteElementString('maml', 'name', $ns.maml, $item.Heading)
            $W.WriteEndElement()
            Write-Paragraphs $W (ConvertTo-Paragraph $item.Lines)
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }

    $notes = & $text 'NOTES'
    if ($notes) {
        $W.WriteStartElement('maml', 'alertSet', $ns.maml)
        $W.WriteStartElement('maml', 'alert', $ns.maml)
        foreach ($p in $notes) { $W.WriteElementString('maml', 'para', $ns.maml, $p) }
        $W.WriteEndElement(); $W.WriteEndElement()
    }

    $W.WriteStartElement('command', 'examples', $ns.command)
    if ($sections.Contains('EXAMPLES')) {
        foreach ($item in (Split-Subsection $sections['EXAMPLES'])) {
            $ex = Read-Example $item
            $W.WriteStartElement('command', 'example', $ns.command)
            $W.WriteElementString('maml', 'title', $ns.maml, "-------------------------- $($ex.Title) --------------------------")
            $W.WriteElementString('dev', 'code', $ns.dev, $ex.Code)
            $W.WriteStartElement('dev', 'remarks', $ns.dev)
            foreach ($p in $ex.Remarks) { $W.WriteElementString('maml', 'para', $ns.maml, $p) }
            $W.WriteEndElement()
            $W.WriteEndElement()
        }
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'relatedLinks', $ns.command)
    if ($sections.Contains('RELATED LINKS')) {
        foreach ($line in $sections['RELATED LINKS']) {
            if ($line -match '^\s*[-*]\s*\[([^\]]+)\]\(([^)]*)\)') {
                $W.WriteStartElement('maml', 'navigationLink', $ns.maml)
                $W.WriteElementString('maml', 'linkText', $ns.maml, $Matches[1])
                $W.WriteElementString('maml', 'uri', $ns.maml, $(if ($Matches[2] -match '^https?://') { $Matches[2] } else { '' }))
                $W.WriteEndElement()
            }
        }
    }
    $W.WriteEndElement()

    $W.WriteEndElement()
}

# ---------------------------------------------------------------------------------------------------------------
# about_ topics: markdown -> the plain-text layout Get-Help shows (TOPIC / SHORT DESCRIPTION / LONG DESCRIPTION)
# ---------------------------------------------------------------------------------------------------------------

function Format-Wrapped([string]$Text, [int]$Indent, [int]$Width = 80) {
    $pad = ' ' * $Indent
    $out = [System.Collections.Generic.List[string]]::new()
    $line = ''
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if ($line -and ($pad.Length + $line.Length + 1 + $word.Length) -gt $Width) { $out.Add($pad + $line); $line = $word }
        elseif ($line) { $line += ' ' + $word }
        else { $line = $word }
    }
    if ($line) { $out.Add($pad + $line) }
    $out
}

function ConvertTo-AboutText([string]$Path) {
    $out = [System.Collections.Generic.List[string]]::new()
    $para = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $flush = {
        if ($para.Count) {
            $t = Remove-InlineMarkdown (($para -join ' ').Trim())
            if ($t -match '^([-*]|\d+\.)\s+(.*)$') {
                $marker = $Matches[1]; $itemText = $Matches[2]
                $bullet = if ($marker -match '\d') { $marker } else { '-' }
                $wrapped = @(Format-Wrapped $itemText (5 + $bullet.Length))
                $out.Add('    ' + $bullet + ' ' + $wrapped[0].TrimStart())
                foreach ($w in ($wrapped | Select-Object -Skip 1)) { $out.Add($w) }
                # List items follow each other without blank lines.
            } else {
                & $gap
                foreach ($w in (Format-Wrapped $t 4)) { $out.Add($w) }
                $out.Add('')
            }
            $para.Clear()
        }
    }
    # A blank line before a paragraph or heading, unless one is there already or a heading (unindented) precedes.
    $gap = { if ($out.Count -and $out[$out.Count - 1].StartsWith('    ')) { $out.Add('') } }
    foreach ($line in (Get-Content -LiteralPath $Path)) {
        if ($line -match '^\s*```') {
            & $flush
            $inFence = -not $inFence
            if ($inFence) { & $gap } else { $out.Add('') }
            continue
        }
        if ($inFence) { if ($line -match '\S') { $out.Add('        ' + $line) } else { $out.Add('') }; continue }
        if ($line -match '^#\s+(.+)$') { & $flush; & $gap; $out.Add('TOPIC'); $out.Add('    ' + $Matches[1].Trim()); $out.Add(''); continue }
        if ($line -match '^##\s+(.+)$') { & $flush; & $gap; $out.Add($Matches[1].Trim().ToUpperInvariant()); continue }
        if ($line -match '^###\s+(.+)$') { & $flush; & $gap; $out.Add('  ' + $Matches[1].Trim().ToUpperInvariant()); continue }
        if ($line -match '^\s*$') { & $flush; continue }
        if ($line -match '^\s*([-*]|\d+\.)\s+') { & $flush }
        $para.Add($line.Trim())
    }
    & $flush
    ($out -join [Environment]::NewLine).TrimEnd() + [Environment]::NewLine
}

# ---------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------

$AssemblyPath = (Resolve-Path -LiteralPath $AssemblyPath).Path
$cultureDir = Join-Path $OutputPath $Culture
$null = New-Item -ItemType Directory -Force -Path $cultureDir

# The child pwsh is the one the build uses (dotnet pwsh, from the repo's tool manifest): run it from the repo.
Push-Location (Split-Path $PSScriptRoot -Parent)
try {
    $json = & dotnet pwsh -NoProfile -NonInteractive -File $PSCommandPath -MetadataOnly -AssemblyPath $AssemblyPath
    if ($LASTEXITCODE -ne 0) { throw "Reading cmdlet metadata from $AssemblyPath failed (exit $LASTEXITCODE)" }
} finally { Pop-Location }
$commands = @(if ($json) { ($json -join "`n") | ConvertFrom-Json })

# docs/SharedParameters.md: "### -Name" sections for parameters many cmdlets share (the AWS connection parameters),
# used wherever a cmdlet's own file does not describe them.
$sharedParameters = @{}
$sharedFile = Join-Path $DocsPath 'SharedParameters.md'
if (Test-Path -LiteralPath $sharedFile) {
    $shared = Read-CommandDoc $sharedFile
    if ($shared.Sections.Contains('PARAMETERS')) {
        foreach ($item in (Split-Subsection $shared.Sections['PARAMETERS'])) {
            $sharedParameters[$item.Heading.TrimStart('-').Trim()] = ConvertTo-Paragraph $item.Lines
        }
    }
}

$docs = @{}
if (Test-Path -LiteralPath $DocsPath) {
    # Cmdlet docs are the Verb-Noun files; about_*.md are topics and anything else (README.md) is for contributors.
    foreach ($file in Get-ChildItem -LiteralPath $DocsPath -Filter *-*.md | Where-Object Name -notlike 'about_*') {
        $docs[$file.BaseName] = Read-CommandDoc $file.FullName
    }
}
foreach ($name in $docs.Keys) {
    if (-not ($commands | Where-Object Name -eq $name)) { Write-Warning "docs/$name.md documents a cmdlet the module does not export." }
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$helpFile = Join-Path $cultureDir ((Split-Path $AssemblyPath -Leaf) + '-Help.xml')
$writer = [System.Xml.XmlWriter]::Create($helpFile, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($meta in $commands) {
        $doc = $docs[$meta.Name]
        if (-not $doc) { Write-Warning "$($meta.Name) has no docs/$($meta.Name).md: its help will only show syntax." }
        else {
            $known = @($meta.ParameterSets | ForEach-Object { $_.Parameters } | ForEach-Object Name | Select-Object -Unique)
            $described = @(if ($doc.Sections.Contains('PARAMETERS')) {
                    foreach ($item in (Split-Subsection $doc.Sections['PARAMETERS'])) { $item.Heading.TrimStart('-').Trim() }
                })
            foreach ($pn in $described) {
                if ($known -notcontains $pn) { Write-Warning "docs/$($meta.Name).md describes -$pn, which $($meta.Name) does not have." }
            }
            foreach ($pn in $known) {
                if ($described -notcontains $pn -and -not $standardDescriptions.ContainsKey($pn) -and -not $sharedParameters.ContainsKey($pn)) {
                    Write-Warning "docs/$($meta.Name).md does not describe -$pn."
                }
            }
        }
        Write-Command $writer $meta $doc
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
} finally { $writer.Dispose() }

foreach ($about in @(if (Test-Path -LiteralPath $DocsPath) { Get-ChildItem -LiteralPath $DocsPath -Filter 'about_*.md' })) {
    $target = Join-Path $cultureDir ($about.BaseName + '.help.txt')
    [System.IO.File]::WriteAllText($target, (ConvertTo-AboutText $about.FullName), [System.Text.UTF8Encoding]::new($false))
}
Write-Host "Help: $(@($commands).Count) cmdlet(s) -> $helpFile"
