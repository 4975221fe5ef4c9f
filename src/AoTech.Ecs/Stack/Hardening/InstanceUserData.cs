using System;
using System.Text;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Files;

namespace AoTech.Ecs.Stack.Hardening
{
    /// <summary>
    /// The container instances' user data: a MIME multi-part document cloud-init runs at boot.
    /// <list type="number">
    /// <item>A cloud-boothook (it runs before Docker starts) that blocks containers on Docker's bridge networks from the
    /// instance metadata service, so a container cannot take the instance role's credentials; tasks get their own
    /// credentials from their task role through the ECS agent (169.254.170.2), which stays reachable. The rule is the one
    /// the Amazon ECS Developer Guide gives: "Amazon ECS container instance IAM role"
    /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html) and "Amazon ECS task IAM role"
    /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html), kept across reboots through
    /// iptables-services as in "How can I prevent containers from accessing Amazon EC2 instance metadata in Amazon ECS?"
    /// (https://repost.aws/knowledge-center/ecs-container-ec2-metadata), which also says why a boothook.</item>
    /// <item>A shell script that joins the cluster and sets the ECS agent options that reduce the attack surface
    /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html): no privileged containers
    /// unless asked, awsvpc tasks blocked from the instance metadata service too, task IAM roles on. It then turns on
    /// security updates only, the Amazon Linux 2023 way: dnf's --security filter against the newest release's
    /// repositories (AL2023 locks an instance to its AMI's release; see "Managing packages and operating system updates"
    /// https://docs.aws.amazon.com/linux/al2023/ug/managing-repos-os-updates.html and "Deterministic upgrades"
    /// https://docs.aws.amazon.com/linux/al2023/ug/deterministic-upgrades-usage.html), at boot and daily through
    /// dnf-automatic. New AMIs reach the instances through an instance refresh (see the planner).</item>
    /// <item>-UserData's own script, if given, last.</item>
    /// </list>
    /// The text is a pure function of its inputs, so a re-run compares it with the launch template's as it is.
    /// </summary>
    public static class InstanceUserData
    {
        /// <summary>EC2 takes at most 16 KB of user data, counted before base64 encoding (RequestLaunchTemplateData.UserData).</summary>
        public const int MaxBytes = 16 * 1024;

        public const string Boundary = "==AOTECH-USER-DATA==";

        /// <summary>The iptables rule (iptables-save form) that keeps bridge-mode containers from the instance metadata service.</summary>
        public const string MetadataBlockRule = "-A DOCKER-USER -i docker+ -d 169.254.169.254/32 -j DROP";

        /// <summary>The user data for the app's instances; throws UserDataTooLarge over <see cref="MaxBytes"/>.</summary>
        public static string For(string cluster, bool allowPrivileged, string? ownScript, string? ownScriptPath = null)
        {
            var text = new StringBuilder();
            text.Append("Content-Type: multipart/mixed; boundary=\"").Append(Boundary).Append("\"\n");
            text.Append("MIME-Version: 1.0\n\n");

            Part(text, "text/cloud-boothook",
                "#!/bin/bash\n" +
                "# Before Docker starts: containers on bridge networks cannot reach the instance metadata service (the\n" +
                "# instance role's credentials); tasks use their task role through the ECS agent instead.\n" +
                "dnf install -y iptables-services\n" +
                "cat > /etc/sysconfig/iptables <<'EOF'\n" +
                "*filter\n" +
                ":DOCKER-USER - [0:0]\n" +
                MetadataBlockRule + "\n" +
                "COMMIT\n" +
                "EOF\n" +
                "systemctl enable --now iptables\n");

            Part(text, "text/x-shellscript",
                "#!/bin/bash\n" +
                "# Join the cluster; ECS agent options that reduce the attack surface.\n" +
                "cat >> /etc/ecs/ecs.config <<'EOF'\n" +
                StackDefaults.UserDataClusterLine(cluster) + "\n" +
                "ECS_DISABLE_PRIVILEGED=" + (allowPrivileged ? "false" : "true") + "\n" +
                "ECS_AWSVPC_BLOCK_IMDS=true\n" +
                "ECS_ENABLE_TASK_IAM_ROLE=true\n" +
                "EOF\n" +
                "# Security updates only, from the newest Amazon Linux 2023 release: now, then daily.\n" +
                "dnf install -y dnf-automatic\n" +
                "echo latest > /etc/dnf/vars/releasever\n" +
                "sed -i -e 's/^upgrade_type *=.*/upgrade_type = security/' -e 's/^apply_updates *=.*/apply_updates = yes/' /etc/dnf/automatic.conf\n" +
                "systemctl enable --now dnf-automatic.timer\n" +
                "dnf upgrade -y --security || echo 'security updates failed; dnf-automatic tries again' >&2\n");

            if (!string.IsNullOrEmpty(ownScript))
            {
                var script = ownScript!.Replace("\r\n", "\n");
                if (!script.StartsWith("#!", StringComparison.Ordinal)) script = "#!/bin/bash\n" + script;
                if (!script.EndsWith("\n", StringComparison.Ordinal)) script += "\n";
                Part(text, "text/x-shellscript", script, "utf-8");
            }
            text.Append("--").Append(Boundary).Append("--\n");

            var result = text.ToString();
            var size = Encoding.UTF8.GetByteCount(result);
            if (size > MaxBytes)
                throw new AoEcsException(HardeningErrorIds.UserDataTooLarge, AoErrorKind.LimitsExceeded,
                    $"The instances' user data would be {size} bytes: the stack's part and -UserData's script together may have at most " +
                    $"{MaxBytes} (EC2's limit for a launch template, before base64). The stack's part takes {size - Encoding.UTF8.GetByteCount(ownScript ?? "")}; " +
                    "shorten the script, or have it download the rest.", ownScriptPath ?? (object)size);
            return result;
        }

        /// <summary>Reads -UserData's script (a regular file of at most <see cref="MaxBytes"/>, UTF-8).</summary>
        public static string ReadScript(string path)
        {
            var bytes = LocalFiles.ReadRegularFile(path, "User data script", HardeningErrorIds.UserDataNotFound, MaxBytes);
            return new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
        }

        private static void Part(StringBuilder text, string contentType, string body, string charset = "us-ascii")
        {
            text.Append("--").Append(Boundary).Append('\n');
            text.Append("Content-Type: ").Append(contentType).Append("; charset=\"").Append(charset).Append("\"\n\n");
            text.Append(body);
            text.Append('\n');
        }
    }
}
