using System.Globalization;
using System.Management.Automation;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    /// <summary>
    /// Makes a count given as text (a CSV column, a piped property) a whole number, or refuses it with a clear error.
    /// Without it PowerShell drops a piped value it cannot convert ('lots') without a word, and the cmdlet runs as if
    /// it had not been given.
    /// </summary>
    public sealed class WholeNumberTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            if (!(value is string text)) return inputData;
            if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)) return number;
            throw new ArgumentTransformationMetadataException($"'{text}' is not a whole number.");
        }
    }
}
