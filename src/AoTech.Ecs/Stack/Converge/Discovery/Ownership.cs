using System.Collections.Generic;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>
    /// Whether a resource found by one of the app's names carries its owner's tag (the app's, or its endpoint's: see StackNames). What does not is noted as foreign ("kind
    /// name"): preflight refuses to touch it. One per discoverer call, so discoverers running side by side share nothing.
    /// </summary>
    internal sealed class Ownership
    {
        private readonly StackNames _names;
        private readonly List<string> _foreign = new List<string>();

        public Ownership(StackNames names) => _names = names;

        public IReadOnlyList<string> Foreign
        {
            get
            {
                lock (_foreign) return _foreign.ToArray();
            }
        }

        public void NoteForeign(string what)
        {
            lock (_foreign) _foreign.Add(what);
        }

        /// <summary>Whether an app-level resource is the app's: <paramref name="tagValue"/> is its aotech:app tag.</summary>
        public bool Ours(string? tagValue, string what) => Owned(tagValue == _names.App, what);

        /// <summary>
        /// Whether an endpoint-level resource is the endpoint's: <paramref name="tagValue"/> is its
        /// <see cref="StackNames.EndpointOwnerTagKey"/> tag (aotech:app of a standalone app, aotech:endpoint of a shared endpoint).
        /// </summary>
        public bool OursAsEndpoint(string? tagValue, string what) => Owned(tagValue == _names.EndpointName, what);

        private bool Owned(bool owned, string what)
        {
            if (!owned) NoteForeign(what);
            return owned;
        }
    }
}
