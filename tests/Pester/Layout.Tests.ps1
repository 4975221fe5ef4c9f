# The README's layout table against the tree: every path it names exists, and every top-level folder, every folder of
# tests/ and every folder of a project under src/ is named in it (in the path column, or in a row's description as
# `Folder/` relative to that row's folder).
BeforeAll {
    $script:Repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    # What .gitignore leaves out (build output) and git's own folder are not part of the tree.
    $script:NotTree = @('.git', '.vs', 'bin', 'obj', 'out', 'TestResults')

    function script:Get-LayoutTable([string]$Readme) {
        $text = Get-Content $Readme -Raw
        $section = [regex]::Match($text, '(?ms)^## Layout\s*$(.*?)(?=^## )').Groups[1].Value
        foreach ($line in $section -split "`n") {
            if ($line -notmatch '^\|(?<path>[^|]+)\|(?<what>[^|]+)\|') { continue }
            $paths = @([regex]::Matches($Matches.path, '`([^`]+)`') | ForEach-Object { $_.Groups[1].Value })
            if ($paths.Count -eq 0) { continue } # the header and its rule
            [pscustomobject]@{
                Paths   = $paths
                # Folders named in the description, relative to the row's first folder.
                Folders = @([regex]::Matches($Matches.what, '`([A-Za-z][\w.]*(?:/[\w.]+)*/)`') | ForEach-Object {
                        $base = @($paths | Where-Object { $_.EndsWith('/') })[0]
                        if ($base) { $base + $_.Groups[1].Value }
                    })
            }
        }
    }

    function script:Get-Folders([string]$Path) {
        Get-ChildItem -LiteralPath $Path -Directory -Force | Where-Object Name -notin $script:NotTree
    }

    function script:Get-TreeFolders {
        foreach ($top in Get-Folders $script:Repo) {
            "$($top.Name)/"
            if ($top.Name -eq 'tests') { Get-Folders $top.FullName | ForEach-Object { "tests/$($_.Name)/" } }
            if ($top.Name -eq 'src') {
                foreach ($project in Get-Folders $top.FullName) {
                    "src/$($project.Name)/"
                    Get-Folders $project.FullName | ForEach-Object { "src/$($project.Name)/$($_.Name)/" }
                }
            }
        }
    }

    $script:Table = @(Get-LayoutTable (Join-Path $script:Repo 'README.md'))
    $script:Named = @($script:Table | ForEach-Object { $_.Paths; $_.Folders } | Where-Object { $_ })
}

Describe 'README layout table' {
    It 'has rows' {
        $script:Table.Count | Should -BeGreaterThan 3
    }

    It 'names only paths that exist' {
        $missing = @($script:Named | Where-Object { -not (Test-Path -LiteralPath (Join-Path $script:Repo $_)) })
        $missing | Should -BeNullOrEmpty -Because 'the layout table names these, but the tree has no such path'
    }

    It 'names every top-level folder, every folder of tests/ and every folder of a src/ project' {
        # A folder counts as named when it or a folder below it is in the table (Cmdlets/Stack/ names Cmdlets/).
        $unnamed = @(Get-TreeFolders | Where-Object { $folder = $_; -not ($script:Named | Where-Object { $_.StartsWith($folder) }) })
        $unnamed | Should -BeNullOrEmpty -Because 'the tree has these folders, but the layout table does not name them'
    }
}
