using System.Threading;
using System.Threading.Tasks;

namespace AoTech.Ecs.Images
{
    /// <summary>
    /// Supplies credentials (and makes sure the repository exists) for registries that need an API call for that,
    /// such as Amazon ECR. The publisher asks it before building, so failures stop everything before any push.
    /// </summary>
    public interface IRegistryAuthProvider
    {
        /// <summary>True for the registry hosts this provider serves.</summary>
        bool Handles(string registryHost);

        /// <summary>Creates the repository when it is missing.</summary>
        Task EnsureRepositoryAsync(ImageReference reference, CancellationToken ct);

        /// <summary>Short-lived credentials for the registry.</summary>
        Task<RegistryCredential> GetCredentialAsync(string registryHost, CancellationToken ct);
    }
}
