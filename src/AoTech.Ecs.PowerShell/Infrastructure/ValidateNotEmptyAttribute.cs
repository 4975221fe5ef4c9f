using System.Management.Automation;

namespace AoTech.Ecs.PowerShell.Infrastructure
{
    /// <summary>
    /// Refuses an empty or blank string but lets null through. For parameters that also bind by property name: a piped
    /// object's null property means "not given" (ValidateNotNullOrEmpty would fail the whole item), while an empty
    /// string typed on the command line is a mistake worth a clear error.
    /// </summary>
    public sealed class ValidateNotEmptyAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject ps ? ps.BaseObject : arguments;
            if (value is string text && string.IsNullOrWhiteSpace(text))
                throw new ValidationMetadataException("The argument is empty. Give a value, or leave the parameter out.");
        }
    }
}
