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

    // C0 controls but tab, LF and CR; DEL and C1 controls but NEL; the two non-characters; a byte order mark (allowed where
    // a document starts).
    private static readonly System.Buffers.SearchValues<char> NotPrintable = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Concat(Enumerable.Range(0x7F, 0x21).Where(c => c != 0x85)).Select(c => (char)c))
        + "\uFFFE\uFFFF\uFEFF");

    /// <summary>
    /// The first character outside YAML's printable set (C0 controls other than tab, LF and CR,
    /// DEL, C1 controls other than NEL, U+FFFE, U+FFFF). YamlDotNet accepts them silently, while
    /// kubectl's YAML reader rejects the file, so they would make the analysis read a file Kubernetes never sees.
    /// </summary>
    private static (int Index, int Line, int Column)? FindControlCharacter(string text)
    {
        // A vectorised search for the candidates (every file is scanned whole); lines are counted only for a hit.
        var from = 0;
        var lineStart = 0;
        while (from < text.Length)
        {
            var found = text.AsSpan(from).IndexOfAny(NotPrintable);
            if (found < 0)
            {
                break;
            }

            var i = from + found;
            var lastBreak = text.AsSpan(from, i - from).LastIndexOf('\n'); // only since the previous hit: linear in all
            lineStart = lastBreak >= 0 ? from + lastBreak + 1 : lineStart;
            if (text[i] != '\uFEFF' || !YamlTextRepairAllows(text, i, lineStart))
            {
                return (i, 1 + text.AsSpan(0, i).Count('\n'), i - lineStart + 1);
            }

            from = i + 1;
        }

        return null;
    }
}
