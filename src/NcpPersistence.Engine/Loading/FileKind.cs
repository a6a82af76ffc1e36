using System.Runtime.InteropServices;

namespace NcpPersistence.Loading;

/// <summary>What a path is on disk: the file type of <c>stat(2)</c>, which .NET's <see cref="FileInfo"/> does not expose.</summary>
public enum FileKind
{
    /// <summary>Nothing there (or a dangling link when links are followed).</summary>
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,

    /// <summary>It exists, but stat failed (e.g. a link loop, a path too long, no permission on a parent).</summary>
    Unknown,
}

/// <summary>
/// The one place that asks the operating system what a path is, so that only regular files are ever
/// opened: opening a FIFO blocks until a writer comes, a device such as <c>/dev/zero</c> never ends,
/// and renaming over either replaces it for every process on the machine.
/// </summary>
/// <remarks>
/// On Unix this calls the runtime's own native shim (<c>SystemNative_Stat</c> / <c>SystemNative_LStat</c> in
/// <c>libSystem.Native</c>, shipped with every .NET runtime since Core 2.0; the MSBuild of the SDK runs on the
/// same runtime), and reads only the <c>Mode</c> field, the second int32 of its <c>FileStatus</c>, whose
/// position has never changed. Where that shim cannot be loaded, and on Windows (no FIFOs or device files
/// on the file system), it falls back to what <see cref="FileSystemInfo"/> tells: directory, link or file.
/// </remarks>
public static class FileKinds
{
    // S_IFMT and the file types, as the runtime's shim reports them (the portable values, pal_io.h).
    private const int TypeMask = 0xF000;
    private const int TypeFifo = 0x1000;
    private const int TypeCharacter = 0x2000;
    private const int TypeDirectory = 0x4000;
    private const int TypeBlock = 0x6000;
    private const int TypeRegular = 0x8000;
    private const int TypeLink = 0xA000;
    private const int TypeSocket = 0xC000;

    private static bool nativeUnavailable = OperatingSystem.IsWindows();

    /// <summary>What <paramref name="path"/> is; <paramref name="followLinks"/>: the final target of a link (stat) or the link itself (lstat).</summary>
    public static FileKind Of(string path, bool followLinks = true)
    {
        if (!nativeUnavailable)
        {
            try
            {
                var status = new byte[256]; // FileStatus is about 140 bytes; room for any later field
                var result = followLinks ? NativeStat(path, status) : NativeLStat(path, status);
                if (result != 0)
                {
                    // ENOENT and ENOTDIR (2 and 20 on Linux and macOS alike): nothing there. Anything else
                    // (a link loop, a name too long, a parent without search permission): there, but unknowable.
                    return Marshal.GetLastPInvokeError() is 2 or 20 ? FileKind.Missing : FileKind.Unknown;
                }

                return (BitConverter.ToInt32(status, 4) & TypeMask) switch
                {
                    TypeRegular => FileKind.Regular,
                    TypeDirectory => FileKind.Directory,
                    TypeLink => FileKind.SymbolicLink,
                    TypeFifo => FileKind.Fifo,
                    TypeCharacter => FileKind.CharacterDevice,
                    TypeBlock => FileKind.BlockDevice,
                    TypeSocket => FileKind.Socket,
                    _ => FileKind.Unknown,
                };
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                nativeUnavailable = true;
            }
        }

        return Fallback(path, followLinks);
    }

    /// <summary>
    /// Whether <paramref name="path"/> itself (no link followed) is a regular file, and its size: one <c>lstat</c> for
    /// the common case of an input, where links and special files need the longer checks. False when unknown.
    /// </summary>
    /// <remarks>The size is <c>FileStatus.Size</c>, the int64 after the four int32 fields (Flags, Mode, Uid, Gid).</remarks>
    public static bool IsPlainRegularFile(string path, out long size)
    {
        size = 0;
        if (nativeUnavailable)
        {
            return false;
        }

        try
        {
            var status = new byte[256];
            if (NativeLStat(path, status) != 0 || (BitConverter.ToInt32(status, 4) & TypeMask) != TypeRegular)
            {
                return false;
            }

            size = BitConverter.ToInt64(status, 16);
            return size >= 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            nativeUnavailable = true;
            return false;
        }
    }

    /// <summary>
    /// What <paramref name="path"/> is when it exists but is not a regular file to read ("a FIFO (named pipe)", "a
    /// kernel pseudo-file", ...), following links; null for a regular file, a missing one or one of unknown kind.
    /// </summary>
    public static string? NotARegularFile(string path)
    {
        var kind = Of(path, followLinks: true);
        return kind switch
        {
            FileKind.Regular => IsKernelPseudoFile(path) ? "a kernel pseudo-file" : null,
            FileKind.Missing or FileKind.Unknown => null,
            _ => Describe(kind),
        };
    }

    /// <summary>A FIFO, device or socket: reading may block forever or never end, writing may reach a device.</summary>
    public static bool IsSpecial(FileKind kind) => kind is FileKind.Fifo or FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Socket;

    /// <summary>"a FIFO (named pipe)", "a character device", ...: for messages.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Missing => "missing",
        _ => "not a regular file",
    };

    /// <summary>
    /// Kernel pseudo-files (<c>/proc</c>, <c>/sys</c>) are regular files whose size says nothing about their
    /// content (0 or 4096 bytes, then anything): never manifests, and never safe to read to the end.
    /// </summary>
    public static bool IsKernelPseudoFile(string fullPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return IsUnderKernelPseudoFileSystem(FinalTarget(fullPath));
    }

    /// <summary>Whether a path (already resolved) is in <c>/proc</c> or <c>/sys</c>.</summary>
    public static bool IsUnderKernelPseudoFileSystem(string realPath) =>
        !OperatingSystem.IsWindows() && (realPath.StartsWith("/proc/", StringComparison.Ordinal) || realPath.StartsWith("/sys/", StringComparison.Ordinal));

    /// <summary>The final target of a chain of links (the path itself when it is no link, or when the chain is broken).</summary>
    public static string FinalTarget(string fullPath)
    {
        try
        {
            return new FileInfo(fullPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? fullPath;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return fullPath;
        }
    }

    private static FileKind Fallback(string path, bool followLinks)
    {
        try
        {
            FileSystemInfo info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                if (!followLinks)
                {
                    return FileKind.SymbolicLink;
                }

                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }

            info.Refresh();
            if ((info.Attributes & FileAttributes.Directory) != 0 && (int)info.Attributes != -1)
            {
                return FileKind.Directory;
            }

            return info.Exists ? FileKind.Regular : Directory.Exists(info.FullName) ? FileKind.Directory : FileKind.Missing;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return FileKind.Unknown;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int NativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] output);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    private static extern int NativeLStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] output);
}
