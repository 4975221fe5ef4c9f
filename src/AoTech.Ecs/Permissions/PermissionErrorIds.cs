namespace AoTech.Ecs.Permissions
{
    /// <summary>Stable ErrorIds of Get-AoIamPolicy. Scripts match on these strings: never rename.</summary>
    public static class PermissionErrorIds
    {
        public const string UnknownCommand = "UnknownCommand";
        public const string InvalidAppNamePattern = "InvalidAppNamePattern";
        public const string InvalidAccountId = "InvalidAccountId";
        public const string InvalidEndpointNamePattern = "InvalidEndpointNamePattern";
    }
}
