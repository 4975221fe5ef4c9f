using System;

namespace AoTech.Ecs.Aws.Model
{
    /// <summary>Where a request member travels (rest-xml only; every other protocol puts members in the body).</summary>
    public enum AwsLocation { Body, Uri, QueryString, Header }

    /// <summary>Marks a request class as one AWS operation. The class derives from the service's request base.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class AwsOperationAttribute : Attribute
    {
        public AwsOperationAttribute(string name) { Name = name; }
        /// <summary>Operation name exactly as in the model, e.g. "CreateCluster".</summary>
        public string Name { get; }
        /// <summary>rest-xml: HTTP method from the model's http.method.</summary>
        public string? HttpMethod { get; set; }
        /// <summary>rest-xml: path template from the model's http.requestUri, e.g. "/2013-04-01/hostedzone/{Id}".</summary>
        public string? RequestUri { get; set; }
    }

    /// <summary>
    /// Overrides how a property maps to the model. Without it, the model member name is the property name after the
    /// service's <see cref="MemberCasing"/>, located in the body, with the model's own wire name.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = true)]
    public sealed class AwsMemberAttribute : Attribute
    {
        public AwsMemberAttribute() { }
        public AwsMemberAttribute(string name) { Name = name; }
        /// <summary>Model member name, when the casing rule does not give it.</summary>
        public string? Name { get; set; }
        /// <summary>Wire name when it differs from the member name (the model's locationName).</summary>
        public string? LocationName { get; set; }
        public AwsLocation Location { get; set; } = AwsLocation.Body;
        /// <summary>XML element name of each list item when the model's list member has a locationName (rest-xml).</summary>
        public string? ListMemberName { get; set; }
    }

    /// <summary>Base of every request; <typeparamref name="TResponse"/> is what the operation returns.</summary>
    public abstract class AwsRequest
    {
        public abstract AwsService Service { get; }
    }

    public abstract class AwsRequest<TResponse> : AwsRequest where TResponse : new()
    {
    }

    /// <summary>Output of operations that return nothing but metadata.</summary>
    public sealed class AwsEmptyResponse { }

    public abstract class EcsRequest<T> : AwsRequest<T> where T : new() { public override AwsService Service => AwsService.Ecs; }
    public abstract class ElbRequest<T> : AwsRequest<T> where T : new() { public override AwsService Service => AwsService.ElasticLoadBalancingV2; }
    public abstract class AutoScalingRequest<T> : AwsRequest<T> where T : new() { public override AwsService Service => AwsService.AutoScaling; }
    public abstract class Route53Request<T> : AwsRequest<T> where T : new() { public override AwsService Service => AwsService.Route53; }
    public abstract class AcmRequest<T> : AwsRequest<T> where T : new() { public override AwsService Service => AwsService.Acm; }
    public abstract class EcrRequest<T> : AwsRequest<T> where T : new() { public override AwsService Service => AwsService.Ecr; }
    public abstract class IamRequest<T> : AwsRequest<T> where T : new() { public override AwsService Service => AwsService.Iam; }
    public abstract class LogsRequest<T> : AwsRequest<T> where T : new() { public override AwsService Service => AwsService.Logs; }
    public abstract class ApplicationAutoScalingRequest<T> : AwsRequest<T> where T : new() { public override AwsService Service => AwsService.ApplicationAutoScaling; }
    public abstract class TaggingRequest<T> : AwsRequest<T> where T : new() { public override AwsService Service => AwsService.Tagging; }
}
