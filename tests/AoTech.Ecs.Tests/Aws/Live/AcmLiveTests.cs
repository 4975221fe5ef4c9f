using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Acm;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>ACM (JSON 1.1, Pascal members) through the real DTOs.</summary>
    public class AcmLiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public AcmLiveTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task CertificateIsRequestedDescribedTaggedAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var domain = Names.Unique("app") + ".example.com";

            var requested = await aws.SendAsync(new RequestCertificateRequest
            {
                DomainName = domain,
                ValidationMethod = "DNS",
                SubjectAlternativeNames = new List<string> { "www." + domain },
                IdempotencyToken = Guid.NewGuid().ToString("N"),
                Tags = new List<Tag> { new Tag { Key = "app", Value = domain } },
            });
            Assert.Contains(":certificate/", requested.CertificateArn);

            var described = await aws.SendAsync(new DescribeCertificateRequest { CertificateArn = requested.CertificateArn });
            var cert = described.Certificate!;
            Assert.Equal(requested.CertificateArn, cert.CertificateArn);
            Assert.Equal(domain, cert.DomainName);
            Assert.Contains("www." + domain, cert.SubjectAlternativeNames!);
            Assert.Equal("AMAZON_ISSUED", cert.Type);
            Assert.False(string.IsNullOrEmpty(cert.Status));
            Assert.NotNull(cert.CreatedAt);
            Assert.Contains(cert.DomainValidationOptions!, v => v.DomainName == domain);

            var tags = await aws.SendAsync(new ListTagsForCertificateRequest { CertificateArn = requested.CertificateArn });
            Assert.Contains(tags.Tags!, t => t.Key == "app" && t.Value == domain);

            // Handing the certificate over: the old value goes, the new one comes.
            await aws.SendAsync(new RemoveTagsFromCertificateRequest
            {
                CertificateArn = requested.CertificateArn,
                Tags = new List<Tag> { new Tag { Key = "app", Value = domain } },
            });
            await aws.SendAsync(new AddTagsToCertificateRequest
            {
                CertificateArn = requested.CertificateArn,
                Tags = new List<Tag> { new Tag { Key = "app", Value = "other" } },
            });
            tags = await aws.SendAsync(new ListTagsForCertificateRequest { CertificateArn = requested.CertificateArn });
            Assert.Equal(new[] { "other" }, tags.Tags!.Where(t => t.Key == "app").Select(t => t.Value));

            var listed = await aws.SendAsync(new ListCertificatesRequest());
            Assert.Contains(listed.CertificateSummaryList!, c => c.CertificateArn == requested.CertificateArn && c.DomainName == domain);

            await aws.SendAsync(new DeleteCertificateRequest { CertificateArn = requested.CertificateArn });
            var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
                aws.SendAsync(new DescribeCertificateRequest { CertificateArn = requested.CertificateArn }));
            Assert.Equal("ResourceNotFoundException", missing.ErrorCode);

            observer.AssertSucceeded("acm", "RequestCertificate", "DescribeCertificate", "ListTagsForCertificate",
                "RemoveTagsFromCertificate", "AddTagsToCertificate", "ListTagsForCertificate", "ListCertificates", "DeleteCertificate");
            observer.AssertLastFailed("acm", "DescribeCertificate", "ResourceNotFoundException");
        }
    }
}
