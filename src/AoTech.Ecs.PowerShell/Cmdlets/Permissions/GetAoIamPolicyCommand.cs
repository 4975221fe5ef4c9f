using System;
using System.Management.Automation;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Permissions;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.PowerShell.Infrastructure;

namespace AoTech.Ecs.PowerShell.Cmdlets.Permissions
{
    /// <summary>
    /// <para type="synopsis">Writes the least-privilege IAM policy that running the module's cmdlets needs.</para>
    /// <para type="description">For all cmdlets or those named, scoped to the apps -AppName matches (and their endpoint, -Endpoint). Makes no AWS call.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AoIamPolicy")]
    [OutputType(typeof(AoIamPolicy))]
    public sealed class GetAoIamPolicyCommand : PSCmdlet
    {
        /// <summary>The cmdlets the policy is for.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CommandNameCompleter))]
        [PSDefaultValue(Help = "Every cmdlet of the module that calls AWS")]
        public string[]? Cmdlet { get; set; }

        /// <summary>The app, or a pattern of apps (* and ?), whose resources the policy reaches.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "* (every app)")]
        public string AppName { get; set; } = "*";

        /// <summary>The shared endpoint (or a pattern of endpoints) the apps run on: the policy reaches its resources too.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "None: apps on stacks of their own")]
        public string? Endpoint { get; set; }

        /// <summary>The region in the policy's resource ARNs.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [PSDefaultValue(Help = "* (every region)")]
        public string Region { get; set; } = "*";

        /// <summary>The account id in the policy's resource ARNs.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "* (the account the policy is created in)")]
        public string AccountId { get; set; } = "*";

        private readonly System.Collections.Generic.List<string> _names = new System.Collections.Generic.List<string>();

        // Names piped in make one policy for all of them.
        protected override void ProcessRecord()
        {
            if (Cmdlet != null) _names.AddRange(Cmdlet);
        }

        protected override void EndProcessing()
        {
            try
            {
                var commands = CmdletPermissions.Resolve(_names);
                var target = PolicyTarget.Create(AppName, Region, AccountId, Endpoint);
                var policies = IamPolicyWriter.Write(commands, target);
                if (policies.Count > 1)
                    WriteWarning($"The policy is larger than IAM's {IamPolicyWriter.MaxManagedPolicySize} characters for one managed " +
                                 $"policy, so it comes as {policies.Count} documents: create and attach each of them.");
                foreach (var policy in policies) WriteObject(policy);
            }
            catch (AoEcsException e)
            {
                WriteError(ErrorRecordFactory.Create(e, e.Target));
            }
        }
    }
}
