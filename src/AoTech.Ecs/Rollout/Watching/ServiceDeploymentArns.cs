using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Rollout
{
    /// <summary>ARNs of service deployments: arn:aws:ecs:region:account:service-deployment/cluster/service/id.</summary>
    public static class ServiceDeploymentArns
    {
        private static readonly Regex Pattern = new Regex(
            @"^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service-deployment/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$",
            RegexOptions.CultureInvariant);

        public static bool IsValid(string? arn) => arn != null && Pattern.IsMatch(arn);

        /// <summary>Refuses anything but a service deployment ARN, before any AWS call.</summary>
        public static string Check(string arn)
        {
            if (!IsValid(arn))
                throw new AoEcsException(RolloutErrorIds.InvalidServiceDeploymentArn, AoErrorKind.InvalidArgument,
                    $"'{arn}' is not the ARN of a service deployment (arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>).",
                    arn);
            return arn;
        }

        /// <summary>The deployment's id, the last part of its ARN.</summary>
        public static string ShortId(string? arn)
        {
            if (string.IsNullOrEmpty(arn)) return "";
            var slash = arn!.LastIndexOf('/');
            return slash >= 0 ? arn.Substring(slash + 1) : arn;
        }
    }
}
