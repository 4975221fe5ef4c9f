using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Converge.Discovery;
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
            var certificate = _found.Certificate != null && _found.Certificate.IsUsable ? _found.Certificate : null;
            if (certificate == null && !mutate) return;
            if (certificate?.IsReused == true)
            {
                // Another app's certificate on the endpoint's listener: its owner requested and validates it.
                Outputs.CertificateArn = certificate.Arn;
                Outputs.CertificateStatus = certificate.Status;
                return;
            }
            var arn = certificate?.Arn ?? await RequestAsync(_found.Certificate?.Arn, ct).ConfigureAwait(false);
            Outputs.CertificateArn = arn;
            Outputs.CertificateStatus = certificate?.Status ?? "PENDING_VALIDATION";

            // The validation record is kept even once the certificate is issued: ACM's managed renewal needs it, and
            // a run cut off after the request but before the record must leave it to the next run (as the plan says).
            var options = certificate?.ValidationOptions.Where(o => o.RecordName != null).ToList();
            if ((options == null || options.Count == 0) && certificate?.Status != "ISSUED")
            {
                try
                {
                    options = await ValidationRecordsAsync(arn, ct).ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (certificate == null && ex.ErrorCode == "ResourceNotFoundException")
                {
                    // Within the hour ACM answers a token it has seen with that request's certificate, even one deleted
                    // since (a Remove-AoEcsApp moments ago): ask again with a token of its own.
                    _reporter.Verbose($"Certificate {arn} was deleted since it was requested with this token; requesting a new one");
                    arn = Outputs.CertificateArn = await RequestAsync(arn, ct).ConfigureAwait(false);
                    options = await ValidationRecordsAsync(arn, ct).ConfigureAwait(false);
                }
            }
            if (options != null && options.Count > 0)
            {
                var changes = options
                    .GroupBy(o => o.RecordName!, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
                    .Where(o => !_found.ValidationRecords.Any(r => StackPlanner.SameDnsName(r.Name, o.RecordName!) &&
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
                    await _aws.SendAsync(new R53.ChangeResourceRecordSetsRequest
                    {
                        HostedZoneId = _context.HostedZoneId,
                        ChangeBatch = new R53.ChangeBatch { Comment = "Certificate validation for " + _names.App, Changes = changes },
                    }, ct).ConfigureAwait(false);
                    foreach (var change in changes) Record($"Wrote validation record {change.ResourceRecordSet!.Name}");
                }
            }
            // Only the HTTPS listener waits for validation; everything else is built meanwhile.
            if (certificate?.Status != "ISSUED") _pendingCertificateArn = arn;
        }

        /// <summary>
        /// Requests the certificate. Same token for the same app and domain: a retried request within the hour returns the
        /// same certificate. A failed, expired or deleted one of ours (<paramref name="replacing"/>) goes into the token,
        /// so its replacement is a new request.
        /// </summary>
        private async Task<string> RequestAsync(string? replacing, CancellationToken ct)
        {
            var requested = await _aws.SendAsync(new Acm.RequestCertificateRequest
            {
                DomainName = _spec.DomainName,
                ValidationMethod = "DNS",
                IdempotencyToken = Token(_names.App + "|" + _spec.DomainName + "|" + replacing),
                Tags = _tags.Select(t => new Acm.Tag { Key = t.Key, Value = t.Value }).ToList(),
            }, ct).ConfigureAwait(false);
            Record($"Requested certificate for {_spec.DomainName} ({requested.CertificateArn})");
            return requested.CertificateArn!;
        }

        private static string Token(string text)
        {
            using (var sha = SHA256.Create())
                return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Take(16).Select(b => b.ToString("x2")));
        }

        /// <summary>ACM fills in the validation CNAME a few seconds after the request.</summary>
        private async Task<List<DiscoveredValidationOption>> ValidationRecordsAsync(string arn, CancellationToken ct)
        {
            var options = new List<DiscoveredValidationOption>();
            await _waiter.UntilAsync("Waiting for the validation record", async () =>
                {
                    var detail = await _aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = arn }, ct).ConfigureAwait(false);
                    var certificate = CertificateDiscovery.ToCertificate(detail.Certificate!);
                    options = certificate.ValidationOptions.Where(o => o.RecordName != null).ToList();
                    return options.Count > 0 && options.Count == certificate.ValidationOptions.Count
                        ? null : $"ACM has not given the DNS validation record for {_spec.DomainName} yet";
                },
                _waits.Soon(_waits.ValidationRecord),
                waited => new AoEcsException(StackErrorIds.CertificateValidationRecordMissing, AoErrorKind.Timeout,
                    $"ACM did not provide the DNS validation record for {_spec.DomainName} within {waited.TotalMinutes:0} minutes.", arn),
                ct).ConfigureAwait(false);
            return options;
        }

        private Task WaitIssuedAsync(string arn, CancellationToken ct) =>
            // Polled briskly for the first minute (DNS validation often completes within it), then less often.
            _waiter.UntilAsync("Waiting for the certificate", async () =>
                {
                    var detail = await _aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = arn }, ct).ConfigureAwait(false);
                    var status = detail.Certificate?.Status ?? "";
                    Outputs.CertificateStatus = status;
                    if (status == "ISSUED")
                    {
                        Record($"Certificate for {_spec.DomainName} issued");
                        return null;
                    }
                    if (status != "PENDING_VALIDATION")
                        throw new AoEcsException(StackErrorIds.CertificateValidationFailed, AoErrorKind.OperationFailed,
                            $"The certificate for {_spec.DomainName} is {status}" +
                            (detail.Certificate?.FailureReason != null ? " (" + detail.Certificate.FailureReason + ")" : "") +
                            ". Check that the hosted zone is the one the domain is delegated to.", arn);
                    return $"{_spec.DomainName}: DNS validation pending";
                },
                _waits.For(_waits.CertificateIssued),
                waited => new AoEcsException(StackErrorIds.CertificateValidationTimeout, AoErrorKind.Timeout,
                    $"The certificate for {_spec.DomainName} was not issued within {_waits.CertificateIssued.TotalMinutes:0} minutes; " +
                    "run the command again to keep waiting (everything else is in place).", arn),
                ct);
    }
}
