using System.Diagnostics;

namespace NcpPersistence.Tests.Hostile;

/// <summary>
/// Runs the CLI as a user for whom file permissions are enforced. CI runs as root, which reads any file and
/// folder whatever its mode, so as root the child runs as 'nobody' through setpriv (util-linux); as any other
/// user it runs as that user. The test is inconclusive (not passed) where neither is possible.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class Unprivileged
{
    public static ChildRun RunChild(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "ncp-persistence.dll");
        if (!Environment.IsPrivilegedProcess)
        {
            return Hostile.RunChild(workingDirectory, Hostile.TimeLimit, args);
        }

        Assume.That(File.Exists("/usr/bin/setpriv"), "root without setpriv: permissions cannot be enforced here");
        Assume.That(ReadableByOthers(dll) && ReadableByOthers(workingDirectory), "the test binaries or the scratch folder are not readable by other users");

        var start = new ProcessStartInfo("/usr/bin/setpriv")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", "dotnet", dll })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Hostile.TimeLimit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the CLI did not end in time");
        }

        process.WaitForExit();
        return new ChildRun(process.ExitCode, stdout.Result, stderr.Result, stopwatch.Elapsed);
    }

    /// <summary>Every folder up to the root searchable by others, and the file itself readable.</summary>
    private static bool ReadableByOthers(string path)
    {
        for (var current = Path.GetFullPath(path); current is not null; current = Path.GetDirectoryName(current))
        {
            var mode = File.GetUnixFileMode(current);
            var needed = Directory.Exists(current) ? UnixFileMode.OtherExecute : UnixFileMode.OtherRead;
            if ((mode & needed) == 0)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The discovery test seams, set and cleared by the tests.</summary>
internal static class ManifestDiscoveryFaults
{
    public static void Deny(params string[] folders)
    {
        var denied = new HashSet<string>(folders, StringComparer.Ordinal);
        NcpPersistence.Loading.ManifestDiscovery.EnumerationFaultInjection = folder =>
        {
            if (denied.Contains(Path.TrimEndingDirectorySeparator(folder)))
            {
                throw new UnauthorizedAccessException($"Access to the path '{folder}' is denied.");
            }
        };
    }

    public static void Clear() => NcpPersistence.Loading.ManifestDiscovery.EnumerationFaultInjection = null;

    public static void SetMaxFolders(int limit) => NcpPersistence.Loading.ManifestDiscovery.MaxFolders = limit;
}
