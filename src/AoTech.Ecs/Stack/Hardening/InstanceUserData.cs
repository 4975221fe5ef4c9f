using System;
using System.Text;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Files;

namespace AoTech.Ecs.Stack.Hardening
{
    /// <summary>
    /// The container instances' user data: a MIME multi-part document cloud-init runs at boot.
    /// <list type="number">
    /// <item>A cloud-boothook (it runs early in every boot, before Docker starts) that keeps containers on Docker's bridge
    /// networks from the instance metadata service, so a container cannot take the instance role's credentials; tasks get
    /// their own credentials from their task role through the ECS agent (169.254.170.2), which stays reachable. The rule
    /// is the one the Amazon ECS Developer Guide gives for tasks in bridge mode, "Amazon ECS container instance IAM role"
    /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html): "iptables --insert
    /// DOCKER-USER 1 --in-interface docker+ --destination 169.254.169.254/32 --jump DROP"; AWS re:Post "How can I prevent
    /// containers from accessing Amazon EC2 instance metadata in Amazon ECS?"
    /// (https://repost.aws/knowledge-center/ecs-container-ec2-metadata) says it must be in place before the Docker daemon
    /// starts, hence the boothook, and notes that host network mode cannot be blocked. Where those pages persist the rule
    /// with iptables-services (a package install at boot that may fail, leaving containers with the metadata service in
    /// reach), here Docker applies it itself: a systemd drop-in for docker.service runs <see cref="MetadataBlockScript"/>
    /// as ExecStartPost each time Docker starts, and a failing ExecStartPost fails Docker's start, so no container runs
    /// without the rule (fail closed). The boothook also keeps Docker from starting when the drop-in did not take, and
    /// applies the rule at once (or stops Docker) should Docker be running already.</item>
    /// <item>A shell script that joins the cluster and sets the ECS agent options that reduce the attack surface
    /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html): no privileged containers
    /// unless asked, awsvpc tasks blocked from the instance metadata service too, task IAM roles on. It then applies
    /// security updates only, within the Amazon Linux 2023 release the AMI is locked to, at boot and daily through
    /// dnf-automatic. The release is left as it is: AL2023's "Updating AL2023"
    /// (https://docs.aws.amazon.com/linux/al2023/ug/updating.html) warns that "dnf --releasever=latest update" is not best
    /// practice (an OS update first tested in production), and "Deterministic upgrades through versioned repositories"
    /// (https://docs.aws.amazon.com/linux/al2023/ug/deterministic-upgrades-usage.html) locks each AMI to its release.
    /// Newer releases arrive as newer ECS-optimized AMIs: each run resolves the latest one from its SSM parameter, and a
    /// new one makes a new launch template version and an instance refresh (see the planner).</item>
    /// <item>-UserData's own script, if given, last.</item>
    /// </list>
    /// The text is a pure function of its inputs, so a re-run compares it with the launch template's as it is.
    /// </summary>
    public static class InstanceUserData
    {
        /// <summary>EC2 takes at most 16 KB of user data, counted before base64 encoding (RequestLaunchTemplateData.UserData).</summary>
        public const int MaxBytes = 16 * 1024;

        public const string Boundary = "==AOTECH-USER-DATA==";

        /// <summary>The chain Docker leaves to the user: its rules apply to container traffic before Docker's own.</summary>
        public const string MetadataBlockChain = "DOCKER-USER";

        /// <summary>The rule's match and target: traffic in from a Docker bridge to the instance metadata service is dropped.</summary>
        public const string MetadataBlockRule = "--in-interface docker+ --destination 169.254.169.254/32 --jump DROP";

        /// <summary>Where the boothook writes the script that applies the rule, and the docker.service drop-in that runs it.</summary>
        public const string MetadataBlockScript = "/usr/local/sbin/aotech-block-instance-metadata";
        public const string DockerDropIn = "/etc/systemd/system/docker.service.d/50-aotech-block-instance-metadata.conf";

        /// <summary>The user data for the app's instances; throws UserDataTooLarge over <see cref="MaxBytes"/>.</summary>
        public static string For(string cluster, bool allowPrivileged, string? ownScript, string? ownScriptPath = null)
        {
            var text = new StringBuilder();
            text.Append("Content-Type: multipart/mixed; boundary=\"").Append(Boundary).Append("\"\n");
            text.Append("MIME-Version: 1.0\n\n");

            Part(text, "text/cloud-boothook",
                "#!/bin/bash\n" +
                "# Before Docker starts: containers on bridge networks cannot reach the instance metadata service (the\n" +
                "# instance role's credentials); tasks use their task role through the ECS agent instead. Docker applies the\n" +
                "# rule each time it starts and fails to start if it cannot.\n" +
                "cat > " + MetadataBlockScript + " <<'EOF'\n" +
                "#!/bin/sh\n" +
                "iptables --check " + MetadataBlockChain + " " + MetadataBlockRule + " 2>/dev/null ||\n" +
                "  iptables --insert " + MetadataBlockChain + " 1 " + MetadataBlockRule + "\n" +
                "EOF\n" +
                "chmod 0755 " + MetadataBlockScript + "\n" +
                "mkdir -p " + DockerDropIn.Substring(0, DockerDropIn.LastIndexOf('/')) + "\n" +
                "cat > " + DockerDropIn + " <<'EOF'\n" +
                "[Service]\n" +
                "ExecStartPost=" + MetadataBlockScript + "\n" +
                "EOF\n" +
                "systemctl daemon-reload\n" +
                "# Fail closed: Docker does not start without the drop-in in force, and stops if it runs already without the rule.\n" +
                "systemctl show docker.service --property=ExecStartPost | grep -q " + MetadataBlockScript + " ||\n" +
                "  systemctl mask --runtime docker.service\n" +
                "if systemctl is-active --quiet docker.service; then " + MetadataBlockScript + " || systemctl stop docker.service; fi\n");

            Part(text, "text/x-shellscript",
                "#!/bin/bash\n" +
                "# Join the cluster; ECS agent options that reduce the attack surface.\n" +
                "cat >> /etc/ecs/ecs.config <<'EOF'\n" +
                StackDefaults.UserDataClusterLine(cluster) + "\n" +
                "ECS_DISABLE_PRIVILEGED=" + (allowPrivileged ? "false" : "true") + "\n" +
                "ECS_AWSVPC_BLOCK_IMDS=true\n" +
                "ECS_ENABLE_TASK_IAM_ROLE=true\n" +
                "EOF\n" +
                "# Security updates only, within the release this AMI is locked to (newer releases come as newer AMIs and an\n" +
                "# instance refresh): now, then daily.\n" +
                "dnf install -y dnf-automatic\n" +
                "sed -i -e 's/^upgrade_type *=.*/upgrade_type = security/' -e 's/^apply_updates *=.*/apply_updates = yes/' /etc/dnf/automatic.conf\n" +
                "systemctl enable --now dnf-automatic.timer\n" +
                "dnf upgrade -y --security || echo 'security updates failed; dnf-automatic tries again' >&2\n");

            if (!string.IsNullOrEmpty(ownScript)) Part(text, "text/x-shellscript", AsShellScript(ownScript!), OwnScriptCharset);
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

        /// <summary>
        /// -UserData's script as the user data carries it: LF line ends, a shebang (bash when it has none), a final line end.
        /// </summary>
        public static string AsShellScript(string ownScript)
        {
            var script = ownScript.Replace("\r\n", "\n");
            if (!script.StartsWith("#!", StringComparison.Ordinal)) script = "#!/bin/bash\n" + script;
            if (!script.EndsWith("\n", StringComparison.Ordinal)) script += "\n";
            return script;
        }

        /// <summary>Whether user data made by <see cref="For"/> lets the ECS agent run privileged containers; null for other user data.</summary>
        public static bool? AllowsPrivileged(string? userData) =>
            userData == null || !userData.Contains(Boundary) ? (bool?)null
            : userData.Contains("ECS_DISABLE_PRIVILEGED=false\n") ? true
            : userData.Contains("ECS_DISABLE_PRIVILEGED=true\n") ? false : (bool?)null;

        /// <summary>
        /// The own script part of user data made by <see cref="For"/> as <see cref="AsShellScript"/> left it: "" when there is
        /// none, null for user data of another shape.
        /// </summary>
        public static string? OwnScriptOf(string? userData)
        {
            if (userData == null || !userData.Contains(Boundary)) return null;
            var header = "Content-Type: text/x-shellscript; charset=\"" + OwnScriptCharset + "\"\n\n";
            var start = userData.IndexOf(header, StringComparison.Ordinal);
            if (start < 0) return "";
            start += header.Length;
            var end = userData.LastIndexOf("\n--" + Boundary + "--", StringComparison.Ordinal);
            return end < start ? null : userData.Substring(start, end - start);
        }

        // The own script is the only part in UTF-8 (the stack's are ASCII): its header marks where it starts.
        private const string OwnScriptCharset = "utf-8";

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
