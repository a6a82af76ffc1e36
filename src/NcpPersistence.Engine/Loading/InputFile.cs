using System.Globalization;

namespace NcpPersistence.Loading;

/// <summary>
/// The checks every input passes before it is opened (manifests, <c>ncp.ini</c> files, the <c>--config</c> file):
/// only a regular file within the size limit is read, whatever links lead to it, and it is read with a bound.
/// Each refusal is a sentence for an NCP9002 diagnostic.
/// </summary>
public static class InputFile
{
    /// <summary>
    /// Why <paramref name="path"/> is not read, or null when it is a regular file of at most
    /// <paramref name="maxSize"/> bytes (its size, after following links, in <paramref name="length"/>).
    /// </summary>
    public static string? WhyNotRead(string path, long maxSize, out long length)
    {
        length = 0;
        if (FileKinds.IsPlainRegularFile(path, out var size))
        {
            // The common case in one system call (a readlink and two stats less per file): a regular file that is no
            // link. For a non-link the kernel pseudo-file check is its own path's.
            if (FileKinds.IsUnderKernelPseudoFileSystem(Path.GetFullPath(path)))
            {
                return $"the file is a kernel pseudo-file ('{Path.GetFullPath(path)}'), not a manifest, so it was not read";
            }

            length = size;
            return length > maxSize ? TooLarge(length.ToString("N0", CultureInfo.InvariantCulture), maxSize) : null;
        }

        var info = new FileInfo(path);
        var linkTarget = SafeLinkTarget(info);
        if (linkTarget is not null && DanglingLinkReason(info) is { } reason)
        {
            // Reading would fail with "Could not find file" for a path that 'ls' shows: name the link instead.
            return $"the file is a symbolic link to '{linkTarget}', {reason}";
        }

        var kind = FileKinds.Of(path, followLinks: true);
        var what = linkTarget is null ? "the file is" : $"the file is a symbolic link to '{linkTarget}', which is";
        switch (kind)
        {
            case FileKind.Missing:
                return path.Contains('\uFFFD', StringComparison.Ordinal)
                    ? "the file name is not valid UTF-8 (shown with U+FFFD), and .NET cannot open a file by such a name; rename the file"
                    : "the file no longer exists (it was deleted or renamed during the analysis)";
            case FileKind.Directory:
                return "the path is a directory, not a file";
            case var special when FileKinds.IsSpecial(special):
                return $"{what} {FileKinds.Describe(kind)}, not a regular file, so it was not opened (only regular files are analysed)";
        }

        var target = linkTarget is null ? info : new FileInfo(FileKinds.FinalTarget(path));
        if (kind == FileKind.Regular && FileKinds.IsKernelPseudoFile(target.FullName))
        {
            return $"{what} a kernel pseudo-file ('{target.FullName}'), not a manifest, so it was not read";
        }

        length = kind == FileKind.Unknown ? 0 : target.Length;
        return length > maxSize ? TooLarge(length.ToString("N0", CultureInfo.InvariantCulture), maxSize) : null;
    }

    /// <summary>
    /// The text of a regular file of at most <paramref name="maxSize"/> bytes, decoded as every input is
    /// (<see cref="SourceText.TryDecode"/>); null with <paramref name="problem"/> when it is not read, and
    /// <paramref name="undecodable"/> when it was read but is not text in a supported encoding.
    /// </summary>
    public static string? ReadText(string path, long maxSize, out string? problem, out bool undecodable)
    {
        undecodable = false;
        if (WhyNotRead(path, maxSize, out var length) is { } refusal)
        {
            problem = refusal;
            return null;
        }

        if (ReadBounded(path, length, maxSize, out var tooLarge) is not { } bytes)
        {
            problem = tooLarge ?? "it could not be read";
            return null;
        }

        if (!SourceText.TryDecode(bytes, out var text, out var decodeError))
        {
            problem = decodeError;
            undecodable = true;
            return null;
        }

        problem = null;
        return text;
    }

    /// <summary>
    /// Reads the whole file, but never more than <paramref name="maxSize"/> bytes (a file that grows while it is
    /// read, or whose size was not known): <paramref name="error"/> says so and the bytes are null.
    /// </summary>
    public static byte[]? ReadBounded(string path, long expectedLength, long maxSize, out string? error)
    {
        error = null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.None); // read whole in one or two reads: no read-ahead advice to give
        var limit = (int)Math.Min(maxSize, Array.MaxLength);
        var buffer = new byte[(int)Math.Min(Math.Max(expectedLength, 0), limit)];
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                var probe = stream.ReadByte();
                if (probe < 0)
                {
                    return buffer; // the size stat gave: the common case, no copy
                }

                if (buffer.Length >= limit)
                {
                    error = TooLarge($"over {limit.ToString("N0", CultureInfo.InvariantCulture)}", maxSize);
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 4096), limit));
                buffer[count++] = (byte)probe;
                continue;
            }

            var read = stream.Read(buffer, count, buffer.Length - count);
            if (read == 0)
            {
                return count == buffer.Length ? buffer : buffer.AsSpan(0, count).ToArray();
            }

            count += read;
        }
    }

    private static string TooLarge(string size, long maxSize) =>
        $"the file is {size} bytes, over the {maxSize.ToString("N0", CultureInfo.InvariantCulture)}-byte limit, so it was not read (raise the limit with --max-file-size / NcpMaxFileSize, or exclude the file)";

    private static string? SafeLinkTarget(FileInfo info)
    {
        try
        {
            return info.LinkTarget;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? DanglingLinkReason(FileInfo link)
    {
        try
        {
            return link.ResolveLinkTarget(returnFinalTarget: true) is { Exists: false } target && !Directory.Exists(target.FullName) ? "which does not exist" : null;
        }
        catch (IOException)
        {
            return "which is a loop of links";
        }
    }
}
