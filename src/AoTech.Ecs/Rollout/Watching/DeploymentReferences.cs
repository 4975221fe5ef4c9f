using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Rollout
{
    /// <summary>The ways a cmdlet names the deployment it works on, checked before any AWS call.</summary>
    public static class DeploymentReferences
    {
        /// <summary>
        /// Refuses a deployment id given but empty (-DeploymentId '', or a piped Id of ''): not the same as leaving it
        /// out, which means the service's current deployment. A service deployment ARN must be well formed.
        /// </summary>
        public static void Check(string? deploymentId, string? serviceDeploymentArn, string app)
        {
            if (deploymentId != null && deploymentId.Trim().Length == 0)
                throw new AoEcsException(RolloutErrorIds.InvalidDeploymentId, AoErrorKind.InvalidArgument,
                    "-DeploymentId is empty. Give a deployment id (ecs-svc/...), or leave -DeploymentId out to take the service's current deployment.", app);
            if (!string.IsNullOrEmpty(serviceDeploymentArn)) ServiceDeploymentArns.Check(serviceDeploymentArn!);
        }

        /// <summary>What an error is about: the most precise name given (service deployment, deployment, else the app).</summary>
        public static string Target(string? deploymentId, string? serviceDeploymentArn, string app) =>
            !string.IsNullOrWhiteSpace(serviceDeploymentArn) ? serviceDeploymentArn!
            : !string.IsNullOrWhiteSpace(deploymentId) ? deploymentId!
            : app;
    }
}
