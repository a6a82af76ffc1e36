using NcpPersistence.Loading;

namespace NcpPersistence.Output;

/// <summary>One output (or input) path of a run, with the option or property that named it, for messages.</summary>
public sealed record NamedPath(string Name, string Path);

/// <summary>
/// Checks on artifact paths, shared by the CLI (exit 2) and the MSBuild task (an NCP9002 error), made before
/// anything is read or written: only a regular file or a new file is replaced, never a FIFO, a device, a
/// socket, a folder or a kernel pseudo-file (as root, renaming over <c>/dev/null</c> replaced it for every
/// process, and writing the compare-before-write read into a FIFO hung); no two outputs on one file; no
/// output on a file the run reads.
/// </summary>
public static class OutputPaths
{
    /// <summary>Why <paramref name="path"/> cannot receive an artifact, or null when it is a regular file or nothing yet.</summary>
    public static string? WhyNotWritable(string path)
    {
        var full = Path.GetFullPath(path);
        var kind = FileKinds.Of(full, followLinks: true);
        switch (kind)
        {
            case FileKind.Missing:
                return FileKinds.Of(full, followLinks: false) == FileKind.SymbolicLink
                    ? $"'{path}' is a symbolic link to a file that does not exist; name the file itself"
                    : null;
            case FileKind.Directory:
                return $"'{path}' is a directory; name a file";
            case var special when FileKinds.IsSpecial(special):
                return $"'{path}' is {FileKinds.Describe(kind)}, not a regular file; artifacts are written to regular files only (to skip one, leave its option out)";
            case FileKind.Regular when FileKinds.IsKernelPseudoFile(full):
                return $"'{path}' is a kernel pseudo-file, not a regular file; artifacts are written to regular files only";
            default:
                return null;
        }
    }

    /// <summary>
    /// The file an artifact written to <paramref name="fullPath"/> really replaces: the final target when the
    /// path is a link to a regular file (so the link stays a link), else the path itself.
    /// </summary>
    public static string ReplacedFile(string fullPath) =>
        FileKinds.Of(fullPath, followLinks: false) == FileKind.SymbolicLink && FileKinds.Of(fullPath, followLinks: true) == FileKind.Regular
            ? FileKinds.FinalTarget(fullPath)
            : fullPath;

    /// <summary>
    /// A usage error when two outputs name one file, or an output names a file the run reads (compared as
    /// canonical paths, so a link or a <c>./</c> does not hide it); null when all differ.
    /// </summary>
    public static string? FindClash(IReadOnlyList<NamedPath> outputs, IEnumerable<NamedPath> inputs)
    {
        var seen = new Dictionary<string, NamedPath>(StringComparer.Ordinal);
        foreach (var output in outputs)
        {
            var real = RealPaths.Canonical(output.Path);
            if (seen.TryGetValue(real, out var earlier))
            {
                return $"{earlier.Name} and {output.Name} name the same file '{output.Path}'; each artifact needs its own file";
            }

            seen[real] = output;
        }

        foreach (var input in inputs)
        {
            if (seen.TryGetValue(RealPaths.Canonical(input.Path), out var output))
            {
                return $"{output.Name} '{output.Path}' is a file this run reads ({input.Name}); writing there would replace it";
            }
        }

        return null;
    }
}
