using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Ecr;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Images
{
    /// <summary>
    /// Amazon ECR as a registry: creates missing repositories and turns GetAuthorizationToken into registry credentials
    /// (user "AWS" and a 12-hour token, which never leave memory except in the X-Registry-Auth header).
    /// </summary>
    public sealed class EcrRegistry : IRegistryAuthProvider
    {
        private static readonly Regex Host = new Regex(
            @"^(?<account>[0-9]{12})\.dkr\.ecr(?<fips>-fips)?\.(?<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private readonly AwsConnection _connection;

        public EcrRegistry(AwsConnection connection) => _connection = connection;

        /// <summary>True for an ECR registry host (account.dkr.ecr.region.amazonaws.com), with its account and region.</summary>
        public static bool TryParseHost(string? registryHost, out string accountId, out string region)
        {
            var match = Host.Match(registryHost ?? "");
            accountId = match.Success ? match.Groups["account"].Value : "";
            region = match.Success ? match.Groups["region"].Value.ToLowerInvariant() : "";
            return match.Success;
        }

        public bool Handles(string registryHost) => TryParseHost(registryHost, out _, out _);

        public async Task EnsureRepositoryAsync(ImageReference reference, CancellationToken ct)
        {
            TryParseHost(reference.Registry, out var account, out _);
            try
            {
                await _connection.SendAsync(new DescribeRepositoriesRequest
                {
                    RegistryId = account,
                    RepositoryNames = new List<string> { reference.Path },
                }, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "RepositoryNotFoundException")
            {
                try
                {
                    await _connection.SendAsync(new CreateRepositoryRequest
                    {
                        RegistryId = account,
                        RepositoryName = reference.Path,
                        ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = true },
                    }, ct).ConfigureAwait(false);
                }
                catch (AwsServiceException race) when (race.ErrorCode == "RepositoryAlreadyExistsException")
                {
                    // Created meanwhile by a parallel build: what we wanted.
                }
            }
        }

        public async Task<RegistryCredential> GetCredentialAsync(string registryHost, CancellationToken ct)
        {
            TryParseHost(registryHost, out var account, out _);
            var response = await _connection.SendAsync(new GetAuthorizationTokenRequest { RegistryIds = new List<string> { account } }, ct)
                .ConfigureAwait(false);
            var token = response.AuthorizationData != null && response.AuthorizationData.Count > 0 ? response.AuthorizationData[0].AuthorizationToken : null;
            var decoded = token == null ? null : DecodeToken(token);
            if (decoded == null)
            {
                throw new AoEcsException(ImageErrorIds.RegistryAuthenticationFailed, AoErrorKind.Authentication,
                    $"ECR GetAuthorizationToken returned no usable token for {registryHost}.", registryHost);
            }
            return new RegistryCredential(registryHost, decoded.Value.User, decoded.Value.Password);
        }

        /// <summary>The token is base64("AWS:password").</summary>
        internal static (string User, string Password)? DecodeToken(string token)
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                var colon = text.IndexOf(':');
                return colon <= 0 ? ((string, string)?)null : (text.Substring(0, colon), text.Substring(colon + 1));
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
