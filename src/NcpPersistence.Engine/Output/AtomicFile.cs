using System.Text;

namespace NcpPersistence.Output;

/// <summary>Writes artifacts whole or not at all, and leaves unchanged ones untouched (so incremental builds stay incremental).</summary>
public static class AtomicFile
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Returns true when the file was (re)written, false when it already had this content.</summary>
    public static bool WriteIfChanged(string path, string content)
    {
        var bytes = Utf8NoBom.GetBytes(content);
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var existing = File.ReadAllBytes(full);
            if (existing.AsSpan().SequenceEqual(bytes))
            {
                return false;
            }
        }

        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return true;
    }
}
