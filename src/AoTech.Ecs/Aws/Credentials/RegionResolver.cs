using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Amazon;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Aws.Credentials
{
    /// <summary>
    /// Region order: -Region, AWS.Tools' stored region, AWS_REGION, AWS_DEFAULT_REGION, then the region of the
    /// profile in use (-ProfileName, AWS_PROFILE or "default").
    /// </summary>
    public static class RegionResolver
    {
        public static string Resolve(AwsConnectionOptions options, ResolvedCredentials? credentials,
            Func<string, string?>? getEnv = null, Func<string, string?>? profileRegion = null)
        {
            getEnv ??= Environment.GetEnvironmentVariable;
            profileRegion ??= name => CredentialResolver.ProfileRegion(name, getEnv);
            var tried = new List<string>();

            string? Pick(string? value, string what)
            {
                if (!string.IsNullOrWhiteSpace(value)) return value!.Trim();
                tried.Add(what);
                return null;
            }

            var region = Pick(options.Region, "-Region")
                ?? Pick(StoredRegionName(options.StoredRegion), "AWS.Tools stored region")
                ?? Pick(getEnv("AWS_REGION"), "AWS_REGION")
                ?? Pick(getEnv("AWS_DEFAULT_REGION"), "AWS_DEFAULT_REGION");
            if (region != null) return Checked(region, options.Region);

            var profileName = credentials?.Profile?.Name ?? options.ProfileName ?? getEnv("AWS_PROFILE") ?? "default";
            region = credentials?.Profile?.Region?.SystemName ?? profileRegion(profileName);
            if (!string.IsNullOrWhiteSpace(region)) return Checked(region!, options.Region);
            tried.Add($"region of profile '{profileName}'");

            throw new AoEcsException(AwsErrorIds.NoRegion, AoErrorKind.Configuration,
                "No AWS region was given. Tried, in order: " + string.Join(", ", tried) +
                ". Pass -Region, set AWS_REGION, or add 'region = ...' to the profile.");
        }

        /// <summary>Region names are lower-case words joined by '-' (us-east-1, us-gov-west-1, eusc-de-east-1).</summary>
        private static readonly Regex RegionPattern = new Regex("^[a-z0-9]+(-[a-z0-9]+)+$", RegexOptions.CultureInvariant);

        /// <summary>
        /// A malformed or unknown region would otherwise reach the endpoint as a host name or a signing scope and fail
        /// far from its cause (a DNS error after retries, or an unreadable answer): say so before any call.
        /// </summary>
        internal static string Checked(string region, string? given)
        {
            if (!RegionPattern.IsMatch(region))
                throw new AoEcsException(AwsErrorIds.InvalidRegion, AoErrorKind.InvalidArgument,
                    $"'{region}' is not an AWS region name such as us-east-1.", given ?? region);
            if (!IsKnown(region))
                throw new AoEcsException(AwsErrorIds.InvalidRegion, AoErrorKind.InvalidArgument,
                    $"'{region}' is not a region of any AWS partition (aws, aws-cn, aws-us-gov, ...). Check its spelling; " +
                    "Get-AWSRegion or 'aws account list-regions' lists the regions.", given ?? region);
            return region;
        }

        /// <summary>
        /// True for a region AWSSDK.Core knows, or one that follows a partition's region pattern
        /// (^(us|eu|ap|...)-\w+-\d+$ for aws): a region opened after this SDK was released still works.
        /// </summary>
        public static bool IsKnown(string region)
        {
            foreach (var known in RegionEndpoint.EnumerableAllRegions)
                if (string.Equals(known.SystemName, region, StringComparison.Ordinal)) return true;
            foreach (var pattern in RegionEndpoint.AllPartitionRegionRegex)
                if (Regex.IsMatch(region, pattern, RegexOptions.CultureInvariant)) return true;
            return false;
        }

        /// <summary>$StoredAWSRegion is a string, or a RegionEndpoint-like object with SystemName.</summary>
        private static string? StoredRegionName(object? stored) => stored switch
        {
            null => null,
            string s => s,
            _ => stored.GetType().GetProperty("SystemName")?.GetValue(stored) as string ?? stored.ToString(),
        };
    }
}
