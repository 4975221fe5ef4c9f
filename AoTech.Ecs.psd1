@{
    # The module version lives here only; the build reads it for the assemblies and the package.
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0c5a3e-2d4b-4c59-9a57-3c1f0e7b9a21'
    RootModule           = 'AoTech.Ecs.PowerShell.dll'
    Author               = 'AoTech'
    CompanyName          = 'AoTech'
    Copyright            = '(c) AoTech. All rights reserved.'
    Description          = 'From a Docker build context to a live HTTPS endpoint on AWS ECS (EC2, auto-scaled), with safe rollouts.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    CmdletsToExport      = @(
        'Get-AoEcsApp', 'Get-AoEcsEndpoint', 'Get-AoIamPolicy', 'New-AoEcsApp', 'Publish-AoImage', 'Remove-AoEcsApp', 'Remove-AoEcsEndpoint',
        'Resume-AoDeployment', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Stop-AoDeployment', 'Undo-AoDeployment', 'Update-AoTaskDefinition',
        'Wait-AoDeployment'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    FormatsToProcess     = @('AoTech.Ecs.Format.ps1xml')
    TypesToProcess       = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'ECS', 'Docker', 'Deployment', 'HTTPS', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See README.md.'
        }
    }
}
