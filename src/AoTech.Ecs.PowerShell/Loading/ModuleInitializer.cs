namespace AoTech.Ecs.PowerShell.Loading
{
    internal static class ModuleInitializer
    {
        /// <summary>Runs before any other code of this assembly, so the resolver is there even without Import-Module.</summary>
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Initialize() => DependencyLoader.Register();
    }
}

namespace System.Runtime.CompilerServices
{
    /// <summary>netstandard2.0 lacks the attribute; the compiler only needs a type with this name.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class ModuleInitializerAttribute : Attribute
    {
    }
}
