using System.Management.Automation;

namespace AoTech.Ecs.PowerShell.Loading
{
    /// <summary>
    /// Import-Module calls OnImport before any cmdlet runs; the dependency resolver must be in place by then.
    /// The module initializer (ModuleInitializer.cs) covers code reached without Import-Module (e.g. Add-Type).
    /// </summary>
    public sealed class ModuleHooks : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyLoader.Register();

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyLoader.Unregister();
    }
}
