using System;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    /// <summary>
    /// Lets -Timeout take what its help promises: a TimeSpan, a number of seconds (also as a string, such as an
    /// environment variable gives: '900'), a full clock time 'hh:mm:ss' or 'd.hh:mm:ss', or an ISO 8601 duration
    /// ('PT15M'). Anything else is refused: PowerShell's own string conversion reads '3000000' as days and '1.5:00' as
    /// a day and five hours.
    /// </summary>
    public sealed class TimeoutTransformationAttribute : ArgumentTransformationAttribute
    {
        private static readonly Regex Clock = new Regex(@"^(\d+\.)?\d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,7})?$", RegexOptions.CultureInvariant);

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            switch (value)
            {
                case TimeSpan span: return span;
                case int i: return TimeSpan.FromSeconds(i);
                case long l: return Seconds(l);
                case double d: return Seconds(d);
                case decimal m: return Seconds((double)m);
                case string text: return Parse(text.Trim());
                default: return inputData;
            }
        }

        private static TimeSpan Parse(string text)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return Seconds(seconds);
            if (Clock.IsMatch(text) && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var clock)) return clock;
            if (text.StartsWith("P", StringComparison.OrdinalIgnoreCase))
            {
                try { return XmlConvert.ToTimeSpan(text.ToUpperInvariant()); }
                catch (FormatException) { }
                catch (OverflowException) { }
            }
            throw new ArgumentTransformationMetadataException(
                $"'{text}' is not a timeout: give a number of seconds (900), a TimeSpan, 'hh:mm:ss' (00:15:00), 'd.hh:mm:ss' or an ISO 8601 duration (PT15M).");
        }

        /// <summary>Seconds that fit a TimeSpan; beyond it, the range check says what the limit is.</summary>
        private static TimeSpan Seconds(double seconds) =>
            double.IsNaN(seconds) ? TimeSpan.Zero
            : Math.Abs(seconds) >= TimeSpan.MaxValue.TotalSeconds ? (seconds > 0 ? TimeSpan.MaxValue : TimeSpan.MinValue)
            : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A timeout is more than zero and at most <see cref="Max"/>: a deployment that takes longer has failed.</summary>
    public sealed class ValidateTimeoutAttribute : ValidateArgumentsAttribute
    {
        public static readonly TimeSpan Max = TimeSpan.FromHours(24);

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject ps ? ps.BaseObject : arguments;
            if (value is TimeSpan span && (span <= TimeSpan.Zero || span > Max))
                throw new ValidationMetadataException(
                    $"The timeout {Describe(span)} is out of range: it must be more than 0 seconds and at most {Max.TotalHours:0} hours (86400 seconds).");
        }

        private static string Describe(TimeSpan span) =>
            span == TimeSpan.MaxValue ? "[TimeSpan]::MaxValue" : span.ToString("c", CultureInfo.InvariantCulture);
    }
}
