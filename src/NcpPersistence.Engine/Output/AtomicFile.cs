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

        // Only a regular file or a new one is replaced (a link to a regular file: its target, so the link stays);
        // a FIFO or device is refused before it is opened for the compare below (issue 16, F5/F9).
        var full = OutputPaths.ReplacedFile(Path.GetFullPath(path));
        if (OutputPaths.WhyNotWritable(full) is { } refusal)
        {
            throw new IOException(refusal);
        }

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
        TemporaryFiles.RemoveStale(full); // leftovers of an interrupted earlier write (F11)
        var temporary = TemporaryFiles.NewFor(full);
        try
        {
            using var stream = TemporaryFiles.Create(temporary); // locked until renamed: RemoveStale leaves it alone
            stream.Write(bytes);
            stream.Flush();
            if (OperatingSystem.IsWindows())
            {
                stream.Dispose(); // Windows cannot rename an open file; Unix renames it with the lock held
            }

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
