using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Retry;
using AoTech.Ecs.Waiting;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>Small helpers shared by discovery, apply and teardown: "not found" handling, EC2 calls, tag lists, creates without client token.</summary>
    internal static class AwsCalls
    {
        /// <summary>Runs a call; returns default when AWS answers with one of the "does not exist" codes.</summary>
        public static async Task<T?> OrNull<T>(Func<Task<T>> call, params string[] notFoundCodes) where T : class
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (notFoundCodes.Contains(ex.ErrorCode))
            {
                return null;
            }
        }

        /// <summary>Runs a mutating call; an "already exists"/"not found" style answer in <paramref name="benignCodes"/> counts as done.</summary>
        public static async Task<bool> Tolerate(Func<Task> call, params string[] benignCodes)
        {
            try
            {
                await call().ConfigureAwait(false);
                return true;
            }
            catch (AwsServiceException ex) when (benignCodes.Contains(ex.ErrorCode))
            {
                return false;
            }
        }

        public static Task<T> Ec2<T>(this AwsConnection connection, string operation,
            Func<Amazon.EC2.AmazonEC2Client, CancellationToken, Task<T>> call, CancellationToken ct, bool idempotent = true) =>
            connection.CallSdkAsync("ec2", operation, token => call(connection.Ec2, token), ct, idempotent);

        /// <summary>
        /// Runs a create call that AWS does not make idempotent (no client token, no unique name): CreateVpc,
        /// CreateInternetGateway, ... <paramref name="create"/> must make its AWS call with idempotent: false, so a call
        /// whose answer was lost (dropped connection, timeout, 5xx) comes back here instead of being repeated. Then
        /// <paramref name="findExisting"/> looks for what that call may have made (by the tags it set) and adopts it;
        /// only when nothing is there is the call made again. A short wait first gives EC2's eventually consistent
        /// Describe calls time to show a resource just made.
        /// </summary>
        public static async Task<T> CreateOnceAsync<T>(Func<Task<T>> create, Func<Task<T?>> findExisting, IStackReporter reporter,
            string what, CancellationToken ct, int attempts = 4, TimeSpan? firstDelay = null, IClock? clock = null) where T : class
        {
            clock ??= SystemClock.Instance;
            var delay = firstDelay ?? TimeSpan.FromSeconds(1);
            for (var n = 1; ; n++)
            {
                try
                {
                    return await create().ConfigureAwait(false);
                }
                catch (Exception ex) when (n < attempts && RetryPolicy.IsAmbiguous(ex, ct))
                {
                    reporter.Verbose($"{what}: no answer ({Describe(ex)}); looking for what the call may have made before trying again");
                    await clock.Delay(delay, ct).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(delay.Ticks * 2);
                    var existing = await findExisting().ConfigureAwait(false);
                    if (existing != null)
                    {
                        reporter.Verbose($"{what}: made by the call whose answer was lost; adopted");
                        return existing;
                    }
                }
            }
        }

        private static string Describe(Exception ex) => ex is AwsServiceException aws ? $"HTTP {aws.StatusCode} {aws.ErrorCode}" : ex.GetType().Name;

        /// <summary>
        /// A client token for a create call that accepts one (CreateRouteTable, CreateLaunchTemplate, ECS CreateService):
        /// the same parts give the same token, so a retry of the call is recognised by AWS as the same request.
        /// 32 hex characters: within every limit (EC2 64, ECS 36).
        /// </summary>
        public static string ClientToken(params string?[] parts)
        {
            using (var sha = System.Security.Cryptography.SHA256.Create())
                return string.Concat(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(string.Join("|", parts))).Take(16).Select(b => b.ToString("x2")));
        }

        public static Ec2.Filter Filter(string name, params string[] values) => new Ec2.Filter { Name = name, Values = values.ToList() };

        public static Ec2.Filter TagFilter(string key, string value) => Filter("tag:" + key, value);

        public static string? Tag(List<Ec2.Tag>? tags, string key) => tags?.FirstOrDefault(t => t.Key == key)?.Value;

        public static List<Ec2.TagSpecification> TagSpecifications(string resourceType, IDictionary<string, string> tags, string? name) =>
            new List<Ec2.TagSpecification>
            {
                new Ec2.TagSpecification
                {
                    ResourceType = resourceType,
                    Tags = Ec2Tags(tags, name),
                },
            };

        public static List<Ec2.Tag> Ec2Tags(IDictionary<string, string> tags, string? name)
        {
            var list = tags.Select(t => new Ec2.Tag { Key = t.Key, Value = t.Value }).ToList();
            if (name != null) list.Add(new Ec2.Tag { Key = "Name", Value = name });
            return list;
        }

        public static List<T> OrEmpty<T>(this List<T>? list) => list ?? new List<T>();

        public static int Int(object? value) => value == null ? 0 : Convert.ToInt32(value);
    }
}
