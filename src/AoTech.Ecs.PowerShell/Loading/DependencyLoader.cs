using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace AoTech.Ecs.PowerShell.Loading
{
    /// <summary>
    /// Loads the module's dependencies (AWSSDK.*, Docker.DotNet, ...) from the deps/ folder beside the cmdlet assembly,
    /// so they never clash with other versions already loaded in the session (AWS.Tools loads its own AWSSDK.Core).
    /// <para>
    /// PowerShell 7: the dependencies go into one AssemblyLoadContext of their own ("AoTech.Ecs"). The cmdlet assembly
    /// stays in the default context; when its references fail to bind there (not found, or a lower version is already
    /// loaded), the runtime raises AssemblyResolve and we hand back our copy from the private context. Assemblies the
    /// runtime itself provides (System.Text.Json, System.Memory, Newtonsoft.Json in pwsh, ...) are left to the
    /// platform: loading their netstandard2.0 builds privately would duplicate framework types.
    /// </para>
    /// <para>
    /// Windows PowerShell 5.1 has no load contexts: there we fall back to Assembly.LoadFrom of the deps/ copy.
    /// </para>
    /// <para>
    /// Limit: when the default context already holds a dependency with the same or a higher version (AWS.Tools 5 loads
    /// AWSSDK.Core 4.0.0.0, as we do), the runtime binds the cmdlet assembly and the core to that copy without asking,
    /// so the dependencies are made to share it too (see LoadIsolatedSet). Full isolation in that case would need the
    /// core itself in the private context, with no AWSSDK type in the cmdlet assembly's signatures.
    /// </para>
    /// The AssemblyLoadContext type is reached by reflection because the module targets netstandard2.0.
    /// </summary>
    internal static class DependencyLoader
    {
        /// <summary>Name of the private load context (visible in [AppDomain]::CurrentDomain.GetAssemblies() diagnostics).</summary>
        internal const string ContextName = "AoTech.Ecs";

        private static readonly object Gate = new object();
        private static readonly Assembly Self = typeof(DependencyLoader).Assembly;
        private static readonly string ModuleDirectory = Path.GetDirectoryName(Self.Location) ?? ".";
        private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "deps");

        private static bool _registered;
        private static IsolatedContext? _context;
        private static Dictionary<string, Assembly>? _isolated;

        /// <summary>Installs the resolver. Idempotent; a no-op when there is no deps/ folder (running from bin/).</summary>
        public static void Register()
        {
            lock (Gate)
            {
                if (_registered || !Directory.Exists(DependencyDirectory)) return;
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                _registered = true;
            }
        }

        /// <summary>Removes the resolver (Remove-Module). Assemblies already loaded stay loaded and are reused on re-import.</summary>
        public static void Unregister()
        {
            lock (Gate)
            {
                if (!_registered) return;
                AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                _registered = false;
            }
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            AssemblyName requested;
            try { requested = new AssemblyName(args.Name); }
            catch (ArgumentException) { return null; }
            var name = requested.Name;
            if (string.IsNullOrEmpty(name)) return null;

            var path = Path.Combine(DependencyDirectory, name + ".dll");
            if (!File.Exists(path) || !IsOurs(args.RequestingAssembly)) return null;

            try
            {
                lock (Gate)
                {
                    if (IsolatedContext.IsSupported)
                    {
                        LoadIsolatedSet();
                        // Not in the set: the platform or the default context provides it, so the bind that led
                        // here failed for a reason of its own; let it fail as it would have.
                        return _isolated!.TryGetValue(name!, out var assembly) ? assembly : null;
                    }
                }
                // Windows PowerShell: load beside everything else, as powershell.exe would for a module folder.
                return Assembly.LoadFrom(path);
            }
            catch (Exception)
            {
                // Let the runtime report the original binding failure rather than a resolver fault.
                return null;
            }
        }

        /// <summary>
        /// Requests from our own assemblies, or from the dependencies themselves; another module's failed bind of an
        /// AWSSDK version is none of our business. .NET Framework may not say who asked: then accept.
        /// </summary>
        private static bool IsOurs(Assembly? requesting)
        {
            if (requesting == null) return true;
            if (requesting == Self) return true;
            string location;
            try { location = requesting.Location; }
            catch (NotSupportedException) { return false; }
            if (string.IsNullOrEmpty(location)) return false;
            var dir = Path.GetDirectoryName(Path.GetFullPath(location)) ?? "";
            return PathEquals(dir, ModuleDirectory) || PathEquals(dir, DependencyDirectory);
        }

        private static bool PathEquals(string a, string b) =>
            string.Equals(a.TrimEnd('/', '\\'), b.TrimEnd('/', '\\'),
                Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

        /// <summary>
        /// Loads every deps/ assembly the platform does not provide into the private context, all at once: then a
        /// dependency asking for another (AWSSDK.EC2 -> AWSSDK.Core) finds it inside the context before the runtime
        /// ever looks at the default context, where a foreign copy with the same version could be waiting.
        /// </summary>
        private static void LoadIsolatedSet()
        {
            if (_isolated != null) return;
            _context = IsolatedContext.Create(ContextName);
            var platform = PlatformAssemblyNames();
            var inDefault = DefaultContextVersions();
            var loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.GetFiles(DependencyDirectory, "*.dll"))
            {
                var simpleName = Path.GetFileNameWithoutExtension(file);
                if (platform.Contains(simpleName)) continue;
                // Already in the default context with the same or a higher version (AWS.Tools 5 ships AWSSDK.Core
                // 4.0.0.0 too): the cmdlet assembly and the core bind to that copy without ever asking us, so the
                // dependencies must see the same one or AWSSDK types would not match across the two. Only a lower
                // version (AWS.Tools 4: AWSSDK.Core 3.3.0.0) makes the runtime ask us, and then ours is loaded here.
                if (inDefault.TryGetValue(simpleName, out var present) &&
                    present >= AssemblyName.GetAssemblyName(file).Version) continue;
                loaded[simpleName] = _context.LoadFromAssemblyPath(file);
            }
            _isolated = loaded;
        }

        /// <summary>Highest version of each assembly already loaded in the default context, by simple name.</summary>
        private static Dictionary<string, Version> DefaultContextVersions()
        {
            var versions = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (assembly.IsDynamic || IsolatedContext.NameOf(assembly) != "Default") continue;
                var name = assembly.GetName();
                if (name.Name == null || name.Version == null) continue;
                if (!versions.TryGetValue(name.Name, out var seen) || name.Version > seen) versions[name.Name] = name.Version;
            }
            return versions;
        }

        /// <summary>Simple names of the runtime's trusted platform assemblies (the framework plus pwsh's own).</summary>
        private static HashSet<string> PlatformAssemblyNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
            {
                foreach (var p in tpa.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                    names.Add(Path.GetFileNameWithoutExtension(p));
            }
            return names;
        }
    }
}
