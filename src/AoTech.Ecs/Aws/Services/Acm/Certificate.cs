using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Acm
{
    /// <summary>Requests an ACM certificate for use with other Amazon Web Services services.</summary>
    [AwsOperation("RequestCertificate")]
    public sealed class RequestCertificateRequest : AcmRequest<RequestCertificateResponse>
    {
        public string? DomainName { get; set; }
        public string? ValidationMethod { get; set; } // EMAIL | DNS | HTTP
        public List<string>? SubjectAlternativeNames { get; set; }
        public string? IdempotencyToken { get; set; }
        public List<DomainValidationOption>? DomainValidationOptions { get; set; }
        public CertificateOptions? Options { get; set; }
        public string? CertificateAuthorityArn { get; set; }
        public List<Tag>? Tags { get; set; }
        public string? KeyAlgorithm { get; set; }
        public string? ManagedBy { get; set; } // CLOUDFRONT
    }

    public sealed class RequestCertificateResponse
    {
        public string? CertificateArn { get; set; }
    }

    /// <summary>Returns detailed metadata about the specified ACM certificate.</summary>
    [AwsOperation("DescribeCertificate")]
    public sealed class DescribeCertificateRequest : AcmRequest<DescribeCertificateResponse>
    {
        public string? CertificateArn { get; set; }
    }

    public sealed class DescribeCertificateResponse
    {
        public CertificateDetail? Certificate { get; set; }
    }

    /// <summary>Retrieves a list of certificate ARNs and domain names.</summary>
    [AwsOperation("ListCertificates")]
    public sealed class ListCertificatesRequest : AcmRequest<ListCertificatesResponse>
    {
        public List<string>? CertificateStatuses { get; set; }
        public Filters? Includes { get; set; }
        public string? NextToken { get; set; }
        public int? MaxItems { get; set; }
        public string? SortBy { get; set; } // CREATED_AT
        public string? SortOrder { get; set; } // ASCENDING | DESCENDING
    }

    public sealed class ListCertificatesResponse
    {
        public string? NextToken { get; set; }
        public List<CertificateSummary>? CertificateSummaryList { get; set; }
    }

    /// <summary>Deletes a certificate and its associated private key.</summary>
    [AwsOperation("DeleteCertificate")]
    public sealed class DeleteCertificateRequest : AcmRequest<AwsEmptyResponse>
    {
        public string? CertificateArn { get; set; }
    }

    public sealed class DomainValidationOption
    {
        public string? DomainName { get; set; }
        public string? ValidationDomain { get; set; }
    }

    public sealed class CertificateOptions
    {
        public string? CertificateTransparencyLoggingPreference { get; set; } // ENABLED | DISABLED
        public string? Export { get; set; } // ENABLED | DISABLED
    }

    public sealed class CertificateDetail
    {
        public string? CertificateArn { get; set; }
        public string? DomainName { get; set; }
        public List<string>? SubjectAlternativeNames { get; set; }
        public string? ManagedBy { get; set; } // CLOUDFRONT
        public List<DomainValidation>? DomainValidationOptions { get; set; }
        public string? Serial { get; set; }
        public string? Subject { get; set; }
        public string? Issuer { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? IssuedAt { get; set; }
        public DateTime? ImportedAt { get; set; }
        public string? Status { get; set; }
        public DateTime? RevokedAt { get; set; }
        public string? RevocationReason { get; set; }
        public DateTime? NotBefore { get; set; }
        public DateTime? NotAfter { get; set; }
        public string? KeyAlgorithm { get; set; }
        public string? SignatureAlgorithm { get; set; }
        public List<string>? InUseBy { get; set; }
        public string? FailureReason { get; set; }
        public string? Type { get; set; } // IMPORTED | AMAZON_ISSUED | PRIVATE
        public RenewalSummary? RenewalSummary { get; set; }
        public List<KeyUsage>? KeyUsages { get; set; }
        public List<ExtendedKeyUsage>? ExtendedKeyUsages { get; set; }
        public string? CertificateAuthorityArn { get; set; }
        public string? RenewalEligibility { get; set; } // ELIGIBLE | INELIGIBLE
        public CertificateOptions? Options { get; set; }
    }

    public sealed class DomainValidation
    {
        public string? DomainName { get; set; }
        public List<string>? ValidationEmails { get; set; }
        public string? ValidationDomain { get; set; }
        public string? ValidationStatus { get; set; } // PENDING_VALIDATION | SUCCESS | FAILED
        public ResourceRecord? ResourceRecord { get; set; }
        public HttpRedirect? HttpRedirect { get; set; }
        public string? ValidationMethod { get; set; } // EMAIL | DNS | HTTP
    }

    public sealed class ResourceRecord
    {
        public string? Name { get; set; }
        public string? Type { get; set; } // CNAME
        public string? Value { get; set; }
    }

    public sealed class HttpRedirect
    {
        public string? RedirectFrom { get; set; }
        public string? RedirectTo { get; set; }
    }

    public sealed class RenewalSummary
    {
        public string? RenewalStatus { get; set; } // PENDING_AUTO_RENEWAL | PENDING_VALIDATION | SUCCESS | FAILED
        public List<DomainValidation>? DomainValidationOptions { get; set; }
        public string? RenewalStatusReason { get; set; }
        public DateTime? UpdatedAt { get; set; }
    }

    public sealed class KeyUsage
    {
        public string? Name { get; set; }
    }

    public sealed class ExtendedKeyUsage
    {
        public string? Name { get; set; }
        public string? OID { get; set; }
    }

    public sealed class Filters
    {
        [AwsMember("extendedKeyUsage")] public List<string>? ExtendedKeyUsage { get; set; }
        [AwsMember("keyUsage")] public List<string>? KeyUsage { get; set; }
        [AwsMember("keyTypes")] public List<string>? KeyTypes { get; set; }
        [AwsMember("exportOption")] public string? ExportOption { get; set; } // ENABLED | DISABLED
        [AwsMember("managedBy")] public string? ManagedBy { get; set; } // CLOUDFRONT
    }

    public sealed class CertificateSummary
    {
        public string? CertificateArn { get; set; }
        public string? DomainName { get; set; }
        public List<string>? SubjectAlternativeNameSummaries { get; set; }
        public bool? HasAdditionalSubjectAlternativeNames { get; set; }
        public string? Status { get; set; }
        public string? Type { get; set; } // IMPORTED | AMAZON_ISSUED | PRIVATE
        public string? KeyAlgorithm { get; set; }
        public List<string>? KeyUsages { get; set; }
        public List<string>? ExtendedKeyUsages { get; set; }
        public string? ExportOption { get; set; } // ENABLED | DISABLED
        public bool? InUse { get; set; }
        public bool? Exported { get; set; }
        public string? RenewalEligibility { get; set; } // ELIGIBLE | INELIGIBLE
        public DateTime? NotBefore { get; set; }
        public DateTime? NotAfter { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? IssuedAt { get; set; }
        public DateTime? ImportedAt { get; set; }
        public DateTime? RevokedAt { get; set; }
        public string? ManagedBy { get; set; } // CLOUDFRONT
    }
}
