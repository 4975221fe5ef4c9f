// A stand-in cmdlet assembly for testing build/New-ExternalHelp.ps1 itself: two parameter sets, pipeline input by
// value and by property name, an alias, a ValidateSet, a switch, ShouldProcess, a default the builder must read from
// a fresh instance (-Retries), many named parameters whose SYNTAX order must stay as declared, and one parameter
// (-Count) that docs/Get-AoHelpFixture.md deliberately leaves undocumented; and Set-AoHelpFixture, which has no docs.
using System.Management.Automation;

namespace AoTech.Ecs.HelpFixture
{
    [Cmdlet(VerbsCommon.Get, "AoHelpFixture", DefaultParameterSetName = ByName, SupportsShouldProcess = true)]
    [OutputType(typeof(string))]
    public sealed class GetAoHelpFixtureCommand : PSCmdlet
    {
        private const string ByName = "ByName";
        private const string ByObject = "ByObject";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByName)]
        [Alias("AppName")]
        [SupportsWildcards]
        public string Name { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObject)]
        public PSObject InputObject { get; set; }

        [Parameter]
        [ValidateSet("Fast", "Safe")]
        [PSDefaultValue(Help = "Safe")]
        public string Mode { get; set; } = "Safe";

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public int Count { get; set; }

        [Parameter]
        public int Retries { get; set; } = 3;

        [Parameter] public string Zulu { get; set; }
        [Parameter] public string Alpha { get; set; }
        [Parameter] public string Yankee { get; set; }
        [Parameter] public string Bravo { get; set; }
        [Parameter] public string Xray { get; set; }
        [Parameter] public string Charlie { get; set; }
        [Parameter] public string Whiskey { get; set; }
        [Parameter] public string Delta { get; set; }

        protected override void ProcessRecord() => WriteObject(Name);
    }

    [Cmdlet(VerbsCommon.Set, "AoHelpFixture")]
    public sealed class SetAoHelpFixtureCommand : PSCmdlet
    {
        [Parameter(Mandatory = true)]
        public string Path { get; set; }
    }
}
