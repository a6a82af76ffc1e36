using System.Text;

namespace NcpPersistence.Loading;

/// <summary>Decodes a manifest's bytes strictly: a BOM decides UTF-8/16/32, otherwise UTF-8; bad bytes are an error, not a guess.</summary>
internal static class SourceText
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryDecode(byte[] bytes, out string text, out string error)
    {
        text = "";
        error = "";
        Encoding encoding;
        var offset = 0;
        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0)
        {
            encoding = new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true);
            offset = 4;
        }
        else if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF)
        {
            encoding = new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true);
            offset = 4;
        }
        else if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            encoding = StrictUtf8;
            offset = 3;
        }
        else if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
            offset = 2;
        }
        else if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            encoding = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
            offset = 2;
        }
        else
        {
            encoding = StrictUtf8;
            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                error = "the file contains NUL bytes, so it is binary or in an encoding without a byte order mark (save it as UTF-8)";
                return false;
            }
        }

        try
        {
            text = encoding.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException exception)
        {
            error = $"the file is not valid {encoding.WebName.ToUpperInvariant()} (bad byte at offset {offset + exception.Index}); save it as UTF-8";
            return false;
        }

        if (text.IndexOf('\0') >= 0)
        {
            error = "the file contains NUL characters, so it is binary rather than YAML";
            return false;
        }

        if (FindControlCharacter(text) is { } bad)
        {
            error = $"the file contains the control character U+{(int)text[bad.Index]:X4} at line {bad.Line}, column {bad.Column}, which YAML does not allow (kubectl refuses the file too), so it is binary or corrupted rather than YAML";
            return false;
        }

        return true;
    }

    /// <summary>
    /// A byte order mark is allowed at the start of a document of a stream (the first thing after a
    /// <c>---</c> line): kubectl decodes each document on its own and skips it there. Anywhere else it is
    /// refused by kubectl's YAML decoder as a non-printable character.
    /// </summary>
    private static bool YamlTextRepairAllows(string text, int index, int lineStart) =>
        index == lineStart && NcpPersistence.Yaml.YamlTextRepair.FollowsDocumentMarker(text, lineStart);

    /// <summary>
    /// The first character outside YAML's printable set (C0 controls other than tab, LF and CR,
    /// DEL, C1 controls other than NEL, U+FFFE, U+FFFF). YamlDotNet accepts them silently, while
    /// kubectl's YAML reader rejects the file, so they would make the analysis read a file Kubernetes never sees.
    /// </summary>
    private static (int Index, int Line, int Column)? FindControlCharacter(string text)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if ((c < ' ' && c is not '\t' and not '\r') || (c >= '\u007F' && c <= '\u009F' && c != '\u0085') || c is '\uFFFE' or '\uFFFF'
                || (c == '\uFEFF' && !YamlTextRepairAllows(text, i, lineStart)))
            {
                return (i, line, i - lineStart + 1);
            }
        }

        return null;
    }
}
