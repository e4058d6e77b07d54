using System.Text;

namespace GrainSystem.Api.Events;

/// <summary>
/// Removes the whitespace between the tokens of valid JSON and keeps every token byte for byte, so
/// strings keep their characters and escapes as sent (re-serialising would escape non-ASCII text, up to
/// 12 bytes a character, and could push an event past its size limit). The result is one line, because
/// valid JSON has no raw line break inside a string.
/// </summary>
internal static class JsonMinifier
{
    /// <summary>The minified text of <paramref name="json"/>, which must already be known to be valid JSON.</summary>
    public static string Minify(ReadOnlySpan<byte> json)
    {
        var output = new byte[json.Length];
        var length = 0;
        var inString = false;
        var escaped = false;
        foreach (var b in json)
        {
            if (inString)
            {
                output[length++] = b;
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    escaped = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                output[length++] = b;
                inString = b == (byte)'"';
            }
        }

        return Encoding.UTF8.GetString(output, 0, length);
    }
}
