using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.Scaling;

namespace AoTech.Ecs.Stack.Converge
{
    // Task auto scaling: the service's scalable target and its target-tracking policies.
    public sealed partial class StackApplier
    {
        /// <summary>After the service (the target names it) and the load balancer (the request-count policy's label names it).</summary>
        private Task TaskScalingAsync(bool mutate, CancellationToken ct)
        {
            if (!mutate) return Task.CompletedTask;
            if (_inputs.TaskScaling != null) Require(Outputs.ServiceArn, ResourceGroup.TaskScaling, "the ECS service");
            // The service's target group, as Set-AoEcsApp's AppScaler labels it (request scaling goes with Rolling only).
            var label = TaskScalingNames.ResourceLabel(Outputs.LoadBalancerArn, Outputs.ServiceTargetGroupArn ?? Outputs.TargetGroupArn);
            return new TaskScalingApplier(_aws, TaskScalingNames.For(_names), Record)
                .ApplyAsync(_inputs.TaskScaling, _found.TaskScaling, label, ct);
        }
    }
}
