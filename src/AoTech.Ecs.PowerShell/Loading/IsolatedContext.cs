using System;
using System.Reflection;

namespace AoTech.Ecs.PowerShell.Loading
{
    /// <summary>
    /// A System.Runtime.Loader.AssemblyLoadContext reached through reflection (netstandard2.0 cannot name the type).
    /// Only used on .NET Core 3.0 and later, where the (string name, bool isCollectible) constructor exists.
    /// </summary>
    internal sealed class IsolatedContext
    {
        private static readonly Type? AlcType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
        private static readonly ConstructorInfo? Ctor = AlcType?.GetConstructor(new[] { typeof(string), typeof(bool) });
        private static readonly MethodInfo? LoadFromPath = AlcType?.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
        private static readonly MethodInfo? GetLoadContext = AlcType?.GetMethod("GetLoadContext", BindingFlags.Public | BindingFlags.Static);
        private static readonly PropertyInfo? NameProperty = AlcType?.GetProperty("Name");

        private readonly object _context;

        private IsolatedContext(object context) => _context = context;

        /// <summary>True on PowerShell 7 (.NET Core 3.0+); false on Windows PowerShell (.NET Framework).</summary>
        public static bool IsSupported => Ctor != null && LoadFromPath != null;

        public static IsolatedContext Create(string name)
        {
            if (!IsSupported) throw new PlatformNotSupportedException("AssemblyLoadContext is not available on this runtime.");
            return new IsolatedContext(Ctor!.Invoke(new object[] { name, false }));
        }

        public Assembly LoadFromAssemblyPath(string path)
        {
            try { return (Assembly)LoadFromPath!.Invoke(_context, new object[] { path }); }
            catch (TargetInvocationException ex) when (ex.InnerException != null) { throw ex.InnerException; }
        }

        /// <summary>Name of the load context that holds an assembly; null where load contexts do not exist.</summary>
        public static string? NameOf(Assembly assembly)
        {
            if (GetLoadContext == null || NameProperty == null) return null;
            var context = GetLoadContext.Invoke(null, new object[] { assembly });
            return context == null ? null : NameProperty.GetValue(context) as string;
        }
    }
}
