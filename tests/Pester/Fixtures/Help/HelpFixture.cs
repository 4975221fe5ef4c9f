// A stand-in cmdlet assembly for testing build/New-ExternalHelp.ps1 itself: two parameter sets, pipeline input by
// value and by property name, an alias, a ValidateSet, a switch, ShouldProcess and one parameter (-Count) that
// docs/Get-AoHelpFixture.md deliberately leaves undocumented; and Set-AoHelpFixture, which has no docs at all.
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

        protected override void ProcessRecord() => WriteObject(Name);
    }

    [Cmdlet(VerbsCommon.Set, "AoHelpFixture")]
    public sealed class SetAoHelpFixtureCommand : PSCmdlet
    {
        [Parameter(Mandatory = true)]
        public string Path { get; set; }
    }
}
