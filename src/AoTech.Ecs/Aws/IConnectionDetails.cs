namespace AoTech.Ecs.Aws
{
    /// <summary>
    /// An output object that says where it was made: the next cmdlet on a pipeline binds Region, EndpointUrl and
    /// ProfileName from these properties, so `Update-AoTaskDefinition -Region r -Deploy | Wait-AoDeployment` waits in
    /// region r. Credentials never travel this way.
    /// </summary>
    public interface IConnectionDetails
    {
        /// <summary>The AWS region of the calls that made the object (null where it made none, e.g. a local push).</summary>
        string? Region { get; set; }
        /// <summary>The -EndpointUrl given (LocalStack, moto), or null for AWS itself.</summary>
        string? EndpointUrl { get; set; }
        /// <summary>The -ProfileName given, or null when the credentials came from elsewhere.</summary>
        string? ProfileName { get; set; }
    }
}
