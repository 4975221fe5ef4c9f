using System.Linq;
using AoTech.Ecs.Stack.Deployments;

namespace AoTech.Ecs.PowerShell.Cmdlets.Stack
{
    /// <summary>
    /// The deployment strategy parameters New-AoEcsApp and Set-AoEcsApp both take (Stack/Deployments); left out, the app
    /// keeps what it has.
    /// </summary>
    internal interface IDeploymentParameters
    {
        DeploymentStrategy? DeploymentStrategy { get; }
        int? BakeTime { get; }
        double? CanaryPercent { get; }
        int? CanaryBakeTime { get; }
        double? LinearStepPercent { get; }
        int? LinearStepBakeTime { get; }
        string[]? PauseAt { get; }
        string? TestTrafficHeader { get; }
    }

    internal static class DeploymentParameters
    {
        /// <summary>What the parameters ask for (null where left out).</summary>
        public static DeploymentRequest Request(IDeploymentParameters given) => new DeploymentRequest
        {
            Strategy = given.DeploymentStrategy,
            BakeTime = given.BakeTime,
            CanaryPercent = given.CanaryPercent,
            CanaryBakeTime = given.CanaryBakeTime,
            LinearStepPercent = given.LinearStepPercent,
            LinearStepBakeTime = given.LinearStepBakeTime,
            PauseAt = given.PauseAt?.ToList(),
            TestTrafficHeader = given.TestTrafficHeader,
        };
    }
}
