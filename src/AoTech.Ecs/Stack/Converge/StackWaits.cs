using System;
using System.Collections.Generic;
using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>
    /// How long the stack waits for each delay AWS documents, and the rules saying which answers are that delay. The
    /// defaults suit real accounts; every wait runs on <see cref="Clock"/> through one <see cref="Waiter"/>.
    /// </summary>
    public sealed class StackWaits
    {
        public IClock Clock { get; set; } = SystemClock.Instance;

        /// <summary>A new role or instance profile refused by ECS, EC2 or Auto Scaling while IAM propagates it.</summary>
        public TimeSpan IamPropagation { get; set; } = TimeSpan.FromMinutes(2);
        /// <summary>A new VPC, subnet, gateway, route table or security group not yet visible to the next EC2 call.</summary>
        public TimeSpan Ec2Visibility { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>A new NAT gateway going from pending to available (AWS: usually a few minutes).</summary>
        public TimeSpan NatGatewayAvailable { get; set; } = TimeSpan.FromMinutes(10);
        /// <summary>DNS validation of the certificate (it can take several minutes).</summary>
        public TimeSpan CertificateIssued { get; set; } = TimeSpan.FromMinutes(45);
        /// <summary>ACM filling in the validation CNAME after the request.</summary>
        public TimeSpan ValidationRecord { get; set; } = TimeSpan.FromMinutes(2);
        /// <summary>A Route 53 change reaching every authoritative server (PENDING to INSYNC); Route 53's own waiter allows 30 minutes.</summary>
        public TimeSpan DnsInSync { get; set; } = TimeSpan.FromMinutes(30);
        /// <summary>One deletion settling: a service draining, a load balancer, Auto Scaling group or capacity provider going, network interfaces let go.</summary>
        public TimeSpan Deletion { get; set; } = TimeSpan.FromMinutes(10);
        /// <summary>ACM still calling a certificate "in use" after its load balancer went: this can last well past 10 minutes.</summary>
        public TimeSpan CertificateRelease { get; set; } = TimeSpan.FromMinutes(30);
        /// <summary>
        /// New-AoEcsApp's wait for something the app no longer uses (an extra copy, an old certificate) while AWS says it is
        /// still held; after that it is left with a warning for the next run.
        /// </summary>
        public TimeSpan ExtraStillHeld { get; set; } = TimeSpan.FromMinutes(2);
        /// <summary>First interval of a wait that polls (each quiet look then waits up to 1.5 times longer, at most 15 s).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// The pace of the certificate wait: <see cref="PollInterval"/> for its first minute (DNS validation often completes
        /// within it), then growing up to 15 s.
        /// </summary>
        internal WaitLimit For(TimeSpan limit) => new WaitLimit(limit, new PollSchedule
        {
            Initial = PollInterval,
            FastPhase = TimeSpan.FromMinutes(1),
            Maximum = PollInterval > TimeSpan.FromSeconds(15) ? PollInterval : TimeSpan.FromSeconds(15),
        });

        /// <summary>
        /// The pace of a wait that is usually over in seconds (a Route 53 change, a deletion settling): a quarter second,
        /// then half as long again each time, up to 5 s.
        /// </summary>
        internal WaitLimit Soon(TimeSpan limit) => new WaitLimit(limit, new PollSchedule
        {
            Initial = TimeSpan.FromMilliseconds(250),
            FastPhase = TimeSpan.Zero,
            Maximum = TimeSpan.FromSeconds(5),
        });

        internal RetryRule IamPropagationRule =>
            new RetryRule("IAM has not propagated the new role or instance profile yet", AwsAnswers.IsIamPropagation, IamPropagation);

        internal RetryRule DependencyRule =>
            new RetryRule("network interfaces of what was just deleted still hold it", AwsAnswers.IsDependencyViolation, Deletion);

        internal RetryRule CertificateInUseRule =>
            new RetryRule("ACM still counts it as used by the load balancer that went", AwsAnswers.IsCertificateInUse, CertificateRelease,
                new PollSchedule { Initial = TimeSpan.FromMilliseconds(250), FastPhase = TimeSpan.Zero, Growth = 2, Maximum = TimeSpan.FromSeconds(30) });

        internal RetryRule RoleInUseRule =>
            new RetryRule("IAM still counts it in an instance profile", AwsAnswers.IsRoleInUse, Deletion);

        /// <summary>A deletion refused while one of <paramref name="codes"/> says something still depends on it.</summary>
        internal RetryRule Busy(string reason, params string[] codes)
        {
            var set = new HashSet<string>(codes, StringComparer.Ordinal);
            return new RetryRule(reason, ex => ex is Aws.Model.AwsServiceException aws && set.Contains(aws.ErrorCode), Deletion);
        }

        internal Waiter Waiter(IProgressReporter reporter) => new Waiter(Clock, reporter);
    }
}
