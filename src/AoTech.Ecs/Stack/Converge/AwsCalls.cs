using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>Small helpers shared by discovery, apply and teardown: "not found" handling, EC2 calls, tag lists, retries.</summary>
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

        /// <summary>
        /// Retries while AWS answers with one of <paramref name="transientCodes"/>: for IAM's eventual consistency (a new
        /// instance profile is briefly unknown to EC2 and Auto Scaling) and for dependencies still being released.
        /// </summary>
        public static async Task<T> RetryOn<T>(Func<Task<T>> call, TimeSpan timeout, CancellationToken ct, IStackReporter reporter,
            string what, Func<AwsServiceException, bool> transient)
        {
            var deadline = DateTime.UtcNow + timeout;
            var delay = TimeSpan.FromSeconds(1);
            while (true)
            {
                try
                {
                    return await call().ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (transient(ex) && DateTime.UtcNow + delay < deadline)
                {
                    reporter.Verbose($"{what}: {ex.ErrorCode}, retrying in {delay.TotalSeconds:0} s");
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                    delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
                }
            }
        }

        public static Task<T> Ec2<T>(this AwsConnection connection, string operation,
            Func<Amazon.EC2.AmazonEC2Client, CancellationToken, Task<T>> call, CancellationToken ct) =>
            connection.CallSdkAsync("ec2", operation, token => call(connection.Ec2, token), ct);

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
