using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace AoTech.Ecs.Tests.Infrastructure
{
    /// <summary>Tests that change process environment variables run alone, never beside other tests.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection
    {
        public const string Name = "process environment";
    }

    /// <summary>
    /// Sets AWS-related environment variables for one test and restores them afterwards. Every variable the
    /// credential and region chains read starts cleared, the shared files point at empty temp files, and
    /// instance metadata is disabled, so the developer's own AWS setup never leaks into a test.
    /// </summary>
    public sealed class ScopedAwsEnvironment : IDisposable
    {
        private static readonly string[] Cleared =
        {
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
            "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_DISABLED",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_ENDPOINT_URL", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
        };

        private readonly Dictionary<string, string?> _saved = new Dictionary<string, string?>();

        public ScopedAwsEnvironment(string credentialsFile = "", string configFile = "")
        {
            Directory = Path.Combine(Path.GetTempPath(), "aotech-env-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            CredentialsPath = Path.Combine(Directory, "credentials");
            ConfigPath = Path.Combine(Directory, "config");
            File.WriteAllText(CredentialsPath, credentialsFile);
            File.WriteAllText(ConfigPath, configFile);
            foreach (var name in Cleared) Set(name, null);
            // The config file is found beside the credentials file. AWS_CONFIG_FILE stays unset on purpose: AWSSDK.Core
            // reads that variable once per process, so setting it here would not take effect reliably.
            Set("AWS_SHARED_CREDENTIALS_FILE", CredentialsPath);
            Set("AWS_EC2_METADATA_DISABLED", "true");
        }

        public string Directory { get; }
        public string CredentialsPath { get; }
        public string ConfigPath { get; }

        public void Set(string name, string? value)
        {
            if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose()
        {
            foreach (var pair in _saved) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        }
    }
}
