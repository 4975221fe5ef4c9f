using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Waiting;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>
    /// DeleteCapacityProvider only starts the deletion: the provider stays ACTIVE with updateStatus DELETE_IN_PROGRESS,
    /// and ends INACTIVE (DELETE_COMPLETE) or, with the call long answered 200, DELETE_FAILED with a reason. Its name is
    /// taken until then. Remove-AoEcsApp waits for the end, and so does New-AoEcsApp when it finds one still going.
    /// </summary>
    internal static class CapacityProviderDeletion
    {
        /// <summary>Waits until <paramref name="name"/> is gone; throws CapacityProviderDeleteFailed with ECS's reason when the deletion failed.</summary>
        public static Task WaitGoneAsync(AwsConnection aws, Waiter waiter, StackWaits waits, string name, CancellationToken ct) =>
            waiter.UntilAsync("Deleting capacity provider " + name, async () =>
                {
                    var response = await aws.SendAsync(new EcsApi.DescribeCapacityProvidersRequest
                    {
                        CapacityProviders = new List<string> { name },
                    }, ct).ConfigureAwait(false);
                    var provider = response.CapacityProviders.OrEmpty().FirstOrDefault(p => p.Name == name);
                    if (provider == null || provider.Status == "INACTIVE" || provider.UpdateStatus == "DELETE_COMPLETE") return null;
                    if (provider.UpdateStatus == "DELETE_FAILED")
                        throw new AoEcsException(StackErrorIds.CapacityProviderDeleteFailed, AoErrorKind.OperationFailed,
                            $"ECS could not delete capacity provider {name}: {provider.UpdateStatusReason ?? "no reason given"}.", name);
                    return $"{name} is {provider.UpdateStatus ?? provider.Status}";
                },
                waits.Soon(waits.Deletion),
                waited => new AoEcsException(StackErrorIds.TeardownTimeout, AoErrorKind.Timeout,
                    $"Capacity provider {name} was still being deleted after {waited.TotalMinutes:0} minutes; run the command again to continue.", name),
                ct);
    }
}
