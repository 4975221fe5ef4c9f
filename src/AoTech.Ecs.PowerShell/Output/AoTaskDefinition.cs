using System.Collections.Specialized;
using AoTech.Ecs.Aws;

namespace AoTech.Ecs.PowerShell.Output
{
    /// <summary>A task definition revision as Update-AoTaskDefinition registers (or finds unchanged).</summary>
    public sealed class AoTaskDefinition : IConnectionDetails
    {
        public string Family { get; set; } = "";
        public int Revision { get; set; }
        public string? Arn { get; set; }
        /// <summary>Container name -> image reference, in container order.</summary>
        public OrderedDictionary Images { get; set; } = new OrderedDictionary();
        /// <summary>True when a new revision was registered; false when the current one already matched.</summary>
        public bool Changed { get; set; }
        public string? Region { get; set; }
        /// <summary>The -EndpointUrl given (LocalStack, moto), or null for AWS itself.</summary>
        public string? EndpointUrl { get; set; }
        /// <summary>The -ProfileName given, or null.</summary>
        public string? ProfileName { get; set; }

        public override string ToString() => Family + ":" + Revision;
    }
}
