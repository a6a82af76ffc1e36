using System.Globalization;
using System.Text;

namespace NcpPersistence.Loading;

/// <summary>
/// Reads the YAML stream of standard input (<c>-</c> as a path) within the size limit of every input: a stream
/// that never ends (<c>yes | ncp-persistence -</c>) is an NCP9002 at <c>&lt;stdin&gt;</c>, not gigabytes of memory.
/// </summary>
public static class StandardInputText
{
    /// <summary>The text, or null with <paramref name="problem"/> when it is over <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public static string? Read(TextReader reader, long maxBytes, out string? problem)
    {
        problem = null;
        var text = new StringBuilder();
        var buffer = new char[64 * 1024];
        long bytes = 0;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            bytes += Encoding.UTF8.GetByteCount(buffer, 0, read);
            if (bytes > maxBytes)
            {
                problem = $"standard input is over the {maxBytes.ToString("N0", CultureInfo.InvariantCulture)}-byte limit, so it was not analysed (raise the limit with --max-file-size)";
                return null;
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }
}
