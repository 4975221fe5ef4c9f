using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;
using Acm = AoTech.Ecs.Aws.Services.Acm;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using Ec2 = Amazon.EC2.Model;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;
using Iam = AoTech.Ecs.Aws.Services.Iam;
using Logs = AoTech.Ecs.Aws.Services.Logs;
using R53 = AoTech.Ecs.Aws.Services.Route53;

namespace AoTech.Ecs.Stack.Converge
{
    // The certificate: request, DNS validation records, the wait for issuance.
    public sealed partial class StackApplier
    {
        // ---------------------------------------------------------------- certificate

        private async Task CertificateAsync(bool mutate, CancellationToken ct)
        {
            var certificate = found.Certificate != null && found.Certificate.IsUsable ? found.Certificate : null;
            if (certificate == null && !mutate) return;
            string arn;
            if (certificate == null)
            {
                var requested = await aws.SendAsync(new Acm.RequestCertificateRequest
                {
                    DomainName = spec.DomainName,
                    ValidationMethod = "DNS",
                    // Same token for the same app and domain: a retried request within the hour returns the same
                    // certificate. A failed or expired one of ours goes into the token, so its replacement is a new request.
                    IdempotencyToken = Token(names.App + "|" + spec.DomainName + "|" + found.Certificate?.Arn),
                    Tags = tags.Select(t => new Acm.Tag { Key = t.Key, Value = t.Value }).ToList(),
                }, ct).ConfigureAwait(false);
                arn = requested.CertificateArn!;
                Record($"Requested certificate for {spec.DomainName} ({arn})");
            }
            else
            {
                arn = certificate.Arn;
            }
            Outputs.CertificateArn = arn;
            Outputs.CertificateStatus = certificate?.Status ?? "PENDING_VALIDATION";

            // The validation record is kept even once the certificate is issued: ACM's managed renewal needs it, and
            // a run cut off after the request but before the record must leave it to the next run (as the plan says).
            var options = certificate?.ValidationOptions.Where(o => o.RecordName != null).ToList();
            if ((options == null || options.Count == 0) && certificate?.Status != "ISSUED")
                options = await ValidationRecordsAsync(arn, ct).ConfigureAwait(false);
            if (options != null && options.Count > 0)
            {
                var changes = options
                    .GroupBy(o => o.RecordName!, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
                    .Where(o => !found.ValidationRecords.Any(r => StackPlanner.SameDnsName(r.Name, o.RecordName!) &&
                                                                 r.Values.Any(v => StackPlanner.SameDnsName(v, o.RecordValue ?? ""))))
                    .Select(o => new R53.Change
                    {
                        Action = "UPSERT",
                        ResourceRecordSet = new R53.ResourceRecordSet
                        {
                            Name = o.RecordName,
                            Type = "CNAME",
                            TTL = long.Parse(StackDefaults.DnsValidationTtl),
                            ResourceRecords = new List<R53.ResourceRecord> { new R53.ResourceRecord { Value = o.RecordValue } },
                        },
                    }).ToList();
                if (changes.Count > 0)
                {
                    if (!mutate) throw new GroupSkippedException(ResourceGroup.Certificate, "the DNS validation record");
                    await aws.SendAsync(new R53.ChangeResourceRecordSetsRequest
                    {
                        HostedZoneId = context.HostedZoneId,
                        ChangeBatch = new R53.ChangeBatch { Comment = "Certificate validation for " + names.App, Changes = changes },
                    }, ct).ConfigureAwait(false);
                    foreach (var change in changes) Record($"Wrote validation record {change.ResourceRecordSet!.Name}");
                }
            }
            // Only the HTTPS listener waits for validation; everything else is built meanwhile.
            if (certificate?.Status != "ISSUED") pendingCertificateArn = arn;
        }

        private static string Token(string text)
        {
            using (var sha = SHA256.Create())
                return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Take(16).Select(b => b.ToString("x2")));
        }

        /// <summary>ACM fills in the validation CNAME a few seconds after the request.</summary>
        private async Task<List<DiscoveredValidationOption>> ValidationRecordsAsync(string arn, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (true)
            {
                var detail = await aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = arn }, ct).ConfigureAwait(false);
                var certificate = CertificateDiscovery.ToCertificate(detail.Certificate!);
                var options = certificate.ValidationOptions.Where(o => o.RecordName != null).ToList();
                if (options.Count > 0 && options.Count == certificate.ValidationOptions.Count) return options;
                if (DateTime.UtcNow > deadline)
                    throw new AoEcsException(StackErrorIds.CertificateValidationRecordMissing, AoErrorKind.Timeout,
                        $"ACM did not provide the DNS validation record for {spec.DomainName} within 2 minutes.", arn);
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }
        }

        private async Task WaitIssuedAsync(string arn, CancellationToken ct)
        {
            const string activity = "Waiting for the certificate";
            var started = DateTime.UtcNow;
            var delay = context.PollInterval;
            try
            {
                while (true)
                {
                    var detail = await aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = arn }, ct).ConfigureAwait(false);
                    var status = detail.Certificate?.Status ?? "";
                    Outputs.CertificateStatus = status;
                    if (status == "ISSUED")
                    {
                        Record($"Certificate for {spec.DomainName} issued");
                        return;
                    }
                    if (status != "PENDING_VALIDATION")
                        throw new AoEcsException(StackErrorIds.CertificateValidationFailed, AoErrorKind.OperationFailed,
                            $"The certificate for {spec.DomainName} is {status}" +
                            (detail.Certificate?.FailureReason != null ? " (" + detail.Certificate.FailureReason + ")" : "") +
                            ". Check that the hosted zone is the one the domain is delegated to.", arn);
                    var waited = DateTime.UtcNow - started;
                    if (waited > context.CertificateTimeout)
                        throw new AoEcsException(StackErrorIds.CertificateValidationTimeout, AoErrorKind.Timeout,
                            $"The certificate for {spec.DomainName} was not issued within {context.CertificateTimeout.TotalMinutes:0} minutes; " +
                            "run the command again to keep waiting (everything else is in place).", arn);
                    reporter.Progress(activity, $"{spec.DomainName}: DNS validation pending ({waited.TotalSeconds:0} s)",
                        (int)Math.Min(99, 100 * waited.TotalSeconds / Math.Max(1, context.CertificateTimeout.TotalSeconds)), false);
                    // Poll briskly for the first minute (DNS validation often completes within it), then back off.
                    await Task.Delay(waited < TimeSpan.FromMinutes(1) ? context.PollInterval : delay, ct).ConfigureAwait(false);
                    if (waited >= TimeSpan.FromMinutes(1)) delay = TimeSpan.FromSeconds(Math.Min(15, delay.TotalSeconds * 1.5));
                }
            }
            finally
            {
                reporter.Progress(activity, "done", 100, true);
            }
        }
    }
}
