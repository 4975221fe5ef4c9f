using System;
using System.Text;

namespace AoTech.Ecs.Images.Compose
{
    /// <summary>
    /// Variable substitution as the Compose specification defines it: $NAME, ${NAME}, ${NAME:-default}, ${NAME-default},
    /// ${NAME:?error}, ${NAME?error}, ${NAME:+replacement}, ${NAME+replacement}, nested in one another
    /// (${A:-${B:-default}}), and $$ for a literal '$'. A '$' that starts no variable stays as it is.
    /// </summary>
    public static class ComposeInterpolation
    {
        /// <summary>
        /// Expands text. lookup gives a variable's value, or null when it is unset; onUnset hears of each unset variable
        /// used without a default (Compose warns and substitutes ""). A ${NAME?error} whose variable is missing, or a
        /// malformed ${...}, throws <see cref="ComposeInterpolationException"/>.
        /// </summary>
        public static string Expand(string text, Func<string, string?> lookup, Action<string>? onUnset)
        {
            if (text.IndexOf('$') < 0)
            {
                return text;
            }
            var result = new StringBuilder(text.Length);
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c != '$' || i + 1 >= text.Length)
                {
                    result.Append(c);
                    i++;
                    continue;
                }
                var next = text[i + 1];
                if (next == '$')
                {
                    result.Append('$');
                    i += 2;
                }
                else if (next == '{')
                {
                    var close = ClosingBrace(text, i + 2);
                    if (close < 0)
                    {
                        throw new ComposeInterpolationException($"Invalid interpolation format for \"{text}\": a '${{' has no closing '}}'.");
                    }
                    result.Append(Substitute(text.Substring(i + 2, close - i - 2), text, lookup, onUnset));
                    i = close + 1;
                }
                else if (IsNameStart(next))
                {
                    var end = i + 1;
                    while (end < text.Length && IsNamePart(text[end])) end++;
                    var name = text.Substring(i + 1, end - i - 1);
                    result.Append(ValueOrBlank(name, lookup, onUnset));
                    i = end;
                }
                else
                {
                    result.Append('$');
                    i++;
                }
            }
            return result.ToString();
        }

        private static string Substitute(string inner, string whole, Func<string, string?> lookup, Action<string>? onUnset)
        {
            var nameEnd = 0;
            if (inner.Length > 0 && IsNameStart(inner[0]))
            {
                while (nameEnd < inner.Length && IsNamePart(inner[nameEnd])) nameEnd++;
            }
            if (nameEnd == 0)
            {
                throw Invalid(whole, inner);
            }
            var name = inner.Substring(0, nameEnd);
            var rest = inner.Substring(nameEnd);
            if (rest.Length == 0)
            {
                return ValueOrBlank(name, lookup, onUnset);
            }
            var colon = rest[0] == ':';
            var op = colon ? (rest.Length > 1 ? rest[1] : '\0') : rest[0];
            var argument = rest.Substring(colon ? 2 : 1);
            if (op != '-' && op != '?' && op != '+')
            {
                throw Invalid(whole, inner);
            }
            var value = lookup(name);
            // With ':' an empty value counts as missing; without, only an unset one does.
            var present = colon ? !string.IsNullOrEmpty(value) : value != null;
            switch (op)
            {
                case '-':
                    return present ? value! : Expand(argument, lookup, onUnset);
                case '+':
                    return present ? Expand(argument, lookup, onUnset) : "";
                default:
                    if (present)
                    {
                        return value!;
                    }
                    var message = Expand(argument, lookup, onUnset);
                    throw new ComposeInterpolationException(
                        $"required variable {name} is missing a value" + (message.Length > 0 ? ": " + message : ""));
            }
        }

        private static string ValueOrBlank(string name, Func<string, string?> lookup, Action<string>? onUnset)
        {
            var value = lookup(name);
            if (value == null)
            {
                onUnset?.Invoke(name);
                return "";
            }
            return value;
        }

        /// <summary>The '}' that closes a "${" whose content starts at start, counting nested "${...}".</summary>
        private static int ClosingBrace(string text, int start)
        {
            var depth = 0;
            for (var i = start; i < text.Length; i++)
            {
                if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
                {
                    i++;
                }
                else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
                {
                    depth++;
                    i++;
                }
                else if (text[i] == '}')
                {
                    if (depth == 0) return i;
                    depth--;
                }
            }
            return -1;
        }

        private static bool IsNameStart(char c) => c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        private static bool IsNamePart(char c) => IsNameStart(c) || (c >= '0' && c <= '9');

        private static ComposeInterpolationException Invalid(string whole, string inner) =>
            new ComposeInterpolationException($"Invalid interpolation format for \"{whole}\": '${{{inner}}}' is not a variable substitution Compose supports.");
    }

    /// <summary>A required variable is missing, or a ${...} is malformed.</summary>
    public sealed class ComposeInterpolationException : Exception
    {
        public ComposeInterpolationException(string message) : base(message)
        {
        }
    }
}
