using System;
using System.IO;
using System.Net.Security;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using AoTech.Ecs.Errors;
using Docker.DotNet;
using Docker.DotNet.X509;

namespace AoTech.Ecs.Images
{
    /// <summary>
    /// Where the Docker engine is: unix:// or npipe:// locally, tcp:// remotely (with TLS client certificates from a
    /// directory holding ca.pem, cert.pem and key.pem, as the docker CLI's DOCKER_CERT_PATH). Defaults follow the CLI:
    /// DOCKER_HOST, DOCKER_CERT_PATH, DOCKER_TLS_VERIFY, then the platform's local socket.
    /// </summary>
    public sealed class DockerEndpoint
    {
        private DockerEndpoint(Uri uri, string? certificatePath, bool verifyServer)
        {
            Uri = uri;
            CertificatePath = certificatePath;
            VerifyServer = verifyServer;
        }

        public Uri Uri { get; }
        public string? CertificatePath { get; }
        public bool VerifyServer { get; }
        public bool UsesTls => CertificatePath != null;

        public override string ToString() => Uri.ToString();

        public static DockerEndpoint Resolve(string? host = null, string? certificatePath = null, bool? tlsVerify = null)
        {
            host = string.IsNullOrWhiteSpace(host) ? Environment.GetEnvironmentVariable("DOCKER_HOST") : host;
            if (string.IsNullOrWhiteSpace(host))
            {
                host = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "npipe://./pipe/docker_engine" : "unix:///var/run/docker.sock";
            }
            if (!Uri.TryCreate(host, UriKind.Absolute, out var uri))
            {
                throw new AoEcsException(ImageErrorIds.DockerHostUnreachable, AoErrorKind.InvalidArgument,
                    $"'{host}' is not a Docker host address; use unix:///path, npipe://./pipe/name or tcp://host:port.", host);
            }
            var envVerify = Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY");
            var verify = tlsVerify ?? (!string.IsNullOrEmpty(envVerify) && envVerify != "0");
            switch (uri.Scheme)
            {
                case "unix":
                case "npipe":
                    return new DockerEndpoint(uri, null, false);
                case "tcp":
                case "http":
                case "https":
                    var certs = certificatePath;
                    if (string.IsNullOrWhiteSpace(certs) && (verify || uri.Scheme == "https"))
                    {
                        certs = Environment.GetEnvironmentVariable("DOCKER_CERT_PATH");
                        if (string.IsNullOrWhiteSpace(certs))
                        {
                            certs = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
                        }
                    }
                    if (!string.IsNullOrWhiteSpace(certs))
                    {
                        foreach (var file in new[] { "cert.pem", "key.pem" })
                        {
                            if (!File.Exists(Path.Combine(certs, file)))
                            {
                                throw new AoEcsException(ImageErrorIds.DockerHostUnreachable, AoErrorKind.Configuration,
                                    $"TLS for {host} needs {file} in '{certs}'.", certs);
                            }
                        }
                        // A certificate directory means TLS; verifying the server is on unless explicitly off.
                        return new DockerEndpoint(uri, certs, tlsVerify ?? true);
                    }
                    return new DockerEndpoint(uri, null, false);
                default:
                    throw new AoEcsException(ImageErrorIds.DockerHostUnreachable, AoErrorKind.InvalidArgument,
                        $"The Docker host scheme '{uri.Scheme}' is not supported; use unix://, npipe:// or tcp://.", host);
            }
        }

        /// <summary>The TLS client certificate (with the server check wanted), or none; the engine connection builds its transport with it.</summary>
        internal Credentials CreateCredentials()
        {
            if (CertificatePath == null)
            {
                return new AnonymousCredentials();
            }
            var certificate = LoadClientCertificate(Path.Combine(CertificatePath, "cert.pem"), Path.Combine(CertificatePath, "key.pem"));
            var tls = new CertificateCredentials(certificate);
            var caFile = Path.Combine(CertificatePath, "ca.pem");
            if (!VerifyServer)
            {
                tls.ServerCertificateValidationCallback = (sender, cert, chain, errors) => true;
            }
            else if (File.Exists(caFile))
            {
                var ca = new X509Certificate2(caFile);
                tls.ServerCertificateValidationCallback = (sender, cert, chain, errors) => IssuedBy(cert, ca, errors);
            }
            return tls;
        }

        /// <summary>
        /// cert.pem + key.pem (PKCS#1 or PKCS#8, as openssl writes them). .NET 5+ reads PEM itself (found by reflection,
        /// this library targets netstandard2.0); older runtimes use Docker.DotNet.X509's reader.
        /// </summary>
        private static X509Certificate2 LoadClientCertificate(string certFile, string keyFile)
        {
            try
            {
                var fromPem = typeof(X509Certificate2).GetMethod("CreateFromPemFile", new[] { typeof(string), typeof(string) });
                if (fromPem == null)
                {
                    return RSAUtil.GetCertFromPEMFiles(certFile, keyFile);
                }
                using (var ephemeral = (X509Certificate2)fromPem.Invoke(null, new object[] { certFile, keyFile })!)
                {
                    // A PKCS#12 round trip gives a key that TLS client authentication can use on every platform.
                    return new X509Certificate2(ephemeral.Export(X509ContentType.Pkcs12));
                }
            }
            catch (Exception ex)
            {
                var cause = ex is System.Reflection.TargetInvocationException tie && tie.InnerException != null ? tie.InnerException : ex;
                throw new AoEcsException(ImageErrorIds.DockerHostUnreachable, AoErrorKind.Configuration,
                    $"The TLS client certificate '{certFile}' with key '{keyFile}' could not be read: {cause.Message}", certFile, cause);
            }
        }

        // The engine's certificate must chain to the given CA (a private CA, as `docker --tlsverify` expects).
        private static bool IssuedBy(X509Certificate? serverCertificate, X509Certificate2 ca, SslPolicyErrors errors)
        {
            if (serverCertificate == null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
            {
                return false;
            }
            using (var chain = new X509Chain())
            {
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
                chain.ChainPolicy.ExtraStore.Add(ca);
                if (!chain.Build(new X509Certificate2(serverCertificate)))
                {
                    return false;
                }
                var root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
                return root.Thumbprint == ca.Thumbprint;
            }
        }
    }
}
