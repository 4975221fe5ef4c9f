using System.Collections.Generic;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>
    /// Whether a resource found by one of the app's names carries its tag. What does not is noted as foreign ("kind
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

        public bool Ours(string? tagValue, string what)
        {
            if (tagValue == _names.App) return true;
            NoteForeign(what);
            return false;
        }
    }
}
