using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;

namespace AoTech.Ecs.Stack.Converge
{
    // The instance refresh that replaces instances running an older launch template version.
    public sealed partial class StackApplier
    {
        /// <summary>
        /// Starts an Auto Scaling instance refresh: instances are replaced a batch at a time, keeping
        /// <see cref="StackDefaults.RefreshMinHealthyPercentage"/> of the group in service. Every instance is replaced (no skip
        /// matching: the group names $Latest), scale-in protected ones too (ECS managed termination protection protects them
        /// all, and the refresh would otherwise leave them). The run does not wait for it: the refresh goes on by itself (the next
        /// run's plan shows it), and a run that finds instances still on an older version starts one again.
        /// (https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-instance-refresh.html,
        /// https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_StartInstanceRefresh.html)
        /// </summary>
        private async Task StartInstanceRefreshAsync(CancellationToken ct)
        {
            try
            {
                var started = await _aws.SendAsync(new Asg.StartInstanceRefreshRequest
                {
                    AutoScalingGroupName = _names.AutoScalingGroup,
                    Strategy = "Rolling",
                    Preferences = new Asg.RefreshPreferences
                    {
                        MinHealthyPercentage = StackDefaults.RefreshMinHealthyPercentage,
                        InstanceWarmup = StackDefaults.RefreshInstanceWarmupSeconds,
                        ScaleInProtectedInstances = "Refresh",
                        StandbyInstances = "Terminate",
                    },
                }, ct).ConfigureAwait(false);
                Record($"Started instance refresh {started.InstanceRefreshId} of {_names.AutoScalingGroup} " +
                       $"(at least {StackDefaults.RefreshMinHealthyPercentage}% healthy, warm-up {StackDefaults.RefreshInstanceWarmupSeconds} s)");
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InstanceRefreshInProgress")
            {
                // A repeat of this call whose first answer was lost, or another run (or a person) since discovery: that
                // refresh replaces the instances; one it leaves on an older version is replaced by a later run.
                Record($"Instance refresh of {_names.AutoScalingGroup} already under way");
            }
        }
    }
}
