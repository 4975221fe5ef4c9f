using System;
using System.Management.Automation;

namespace AoTech.Ecs.PowerShell.Cmdlets
{
    /// <summary>
    /// Lets -Timeout take a plain number as seconds (PowerShell would otherwise read an integer as ticks), besides a
    /// TimeSpan or a string such as '00:20:00'.
    /// </summary>
    public sealed class TimeoutTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            switch (value)
            {
                case int i: return TimeSpan.FromSeconds(i);
                case long l: return TimeSpan.FromSeconds(l);
                case double d: return TimeSpan.FromSeconds(d);
                case decimal m: return TimeSpan.FromSeconds((double)m);
                default: return inputData;
            }
        }
    }
}
