using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace NcpPersistence.Loading.Kustomize;

/// <summary>How the analysis renders Kustomize (<c>--kustomize</c> / <c>NcpKustomize</c>).</summary>
public enum KustomizeMode
{
    /// <summary><c>kustomize</c> from PATH, else <c>kubectl kustomize</c>; without either, one NCP9007 note.</summary>
    Auto,

    /// <summary>Render nothing: kustomizations' files are analysed as plain files (patches still are not objects).</summary>
    Off,

    /// <summary>The binary named by <see cref="KustomizeSettings.Binary"/>.</summary>
    Path,
}

/// <summary>The Kustomize settings of a run.</summary>
public sealed record KustomizeSettings(KustomizeMode Mode, string? Binary = null, string? CacheDirectory = null, int TimeoutSeconds = 60)
{
    public static KustomizeSettings Default { get; } = new(KustomizeMode.Auto);

    /// <summary>Parses <c>auto</c>, <c>off</c> or a path; null for an empty value.</summary>
    public static KustomizeSettings? Parse(string? value, string baseDirectory) => value?.Trim() switch
    {
        null or "" => null,
        "auto" => Default,
        "off" => new KustomizeSettings(KustomizeMode.Off),
        var path => new KustomizeSettings(KustomizeMode.Path, System.IO.Path.GetFullPath(path, baseDirectory)),
    };
}

/// <summary>The output of one build, or why there is none.</summary>
public sealed record KustomizeBuildResult(KustomizeBuildPlan Plan, string? Output, string? WrapperFolder, string? Error, bool FromCache)
{
    /// <summary>Missing generator inputs the build was run with empty stand-ins for (<see cref="KustomizeBuildPlan.MissingGeneratorInputs"/>).</summary>
    public IReadOnlyCollection<string> StandIns { get; init; } = Array.Empty<string>();
}

/// <summary>
/// Runs the real <c>kustomize build</c> (or <c>kubectl kustomize</c>) on a wrapper kustomization in a
/// temporary folder that asks for <c>buildMetadata: [originAnnotations]</c>, so each rendered object says which
/// file it came from, and nothing is ever written into the user's folders. Remote resources are refused
/// before anything runs; the process gets no usable proxy, so a reference the analysis did not recognise as
/// remote fails fast too; a build that hangs is killed after <see cref="KustomizeSettings.TimeoutSeconds"/>.
/// With a cache folder (MSBuild: <c>obj/</c>), a build is reused while the content of everything it reads is unchanged.
/// </summary>
public sealed class KustomizeRunner
{
    private const int MaxOutputChars = 256 * 1024 * 1024;

    private KustomizeRunner(string binary, bool isKubectl, KustomizeSettings settings)
    {
        Binary = binary;
        IsKubectl = isKubectl;
        Settings = settings;
    }

    public string Binary { get; }
    public bool IsKubectl { get; }
    public KustomizeSettings Settings { get; }

    /// <summary>How the build command reads in messages: <c>kustomize build</c> or <c>kubectl kustomize</c>.</summary>
    public string CommandName => IsKubectl ? "kubectl kustomize" : "kustomize build";

    /// <summary>The runner for the settings, or null when no binary is available (or rendering is off).</summary>
    public static KustomizeRunner? Find(KustomizeSettings settings)
    {
        switch (settings.Mode)
        {
            case KustomizeMode.Off:
                return null;
            case KustomizeMode.Path:
                return settings.Binary is { } binary && File.Exists(binary)
                    ? new KustomizeRunner(binary, Path.GetFileNameWithoutExtension(binary).Equals("kubectl", StringComparison.OrdinalIgnoreCase), settings)
                    : null;
            default:
                if (OnPath("kustomize") is { } kustomize)
                {
                    return new KustomizeRunner(kustomize, false, settings);
                }

                return OnPath("kubectl") is { } kubectl ? new KustomizeRunner(kubectl, true, settings) : null;
        }
    }

    private static string? OnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in OperatingSystem.IsWindows() ? new[] { name + ".exe", name } : new[] { name })
            {
                var full = Path.Combine(folder, candidate);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }

        return null;
    }

    /// <summary>Builds every plan, in parallel.</summary>
    public IReadOnlyList<KustomizeBuildResult> BuildAll(IReadOnlyList<KustomizeBuildPlan> plans, int parallelism)
    {
        var results = new KustomizeBuildResult[plans.Count];
        Parallel.For(0, plans.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i => results[i] = Build(plans[i]));
        return results;
    }

    public KustomizeBuildResult Build(KustomizeBuildPlan plan)
    {
        if (plan.RemoteReferences.FirstOrDefault() is { Reference: { } remote })
        {
            return new KustomizeBuildResult(plan, null, null, $"it refers to the remote resource '{remote.Value}', which the analysis does not fetch (it never reaches the network)", false);
        }

        if (plan.Problems.FirstOrDefault(p => p.Kustomization.IsUnreadable) is { Kustomization: { } unreadable, Problem: { } problem })
        {
            // kustomize would fail on it too, or hang on a FIFO until the timeout: say why at once. (A kustomization
            // this analyzer cannot parse is still built: kustomize's own verdict is the one that counts.)
            return new KustomizeBuildResult(plan, null, null, $"its kustomization file {unreadable.Path} cannot be used: {problem}", false);
        }

        if (plan.SpecialInputs.FirstOrDefault() is { Path: { } special, Kind: { } kind })
        {
            return new KustomizeBuildResult(plan, null, null, $"it reads {special}, which is {kind}, not a regular file (kustomize would wait on it)", false);
        }

        // The origin paths of an output are relative to its wrapper folder, one level below the temporary folder, so
        // a cached output reads the same against any wrapper of that name, which then need not exist.
        var wrapper = Path.Combine(Path.GetTempPath(), "ncp-persistence-kustomize-" + Guid.NewGuid().ToString("N"));
        var cacheFile = CacheFile(plan);
        if (cacheFile is not null && File.Exists(cacheFile))
        {
            try
            {
                return new KustomizeBuildResult(plan, File.ReadAllText(cacheFile), wrapper, null, true);
            }
            catch (IOException)
            {
                // an unreadable cache entry is rebuilt
            }
        }

        if (plan.MissingGeneratorInputs.Count > 0)
        {
            return BuildWithStandIns(plan);
        }

        Directory.CreateDirectory(wrapper);
        try
        {
            WriteWrapper(wrapper, plan.Root.Folder);
            var (output, error) = Run(wrapper);
            if (error is null && cacheFile is not null)
            {
                TryWriteCache(cacheFile, output!);
            }

            return new KustomizeBuildResult(plan, output, wrapper, error, false);
        }
        finally
        {
            // The origin paths are relative to the wrapper folder, which only needs to exist by name from here on.
            TryDelete(wrapper);
        }
    }

    private static void WriteWrapper(string wrapper, string kustomizationFolder)
    {
        var relative = Path.GetRelativePath(wrapper, kustomizationFolder).Replace('\\', '/');
        File.WriteAllText(Path.Combine(wrapper, "kustomization.yaml"),
            $"# Written by NcpPersistence: builds {kustomizationFolder} with each object's origin recorded.\nresources:\n- \"{relative}\"\nbuildMetadata: [originAnnotations]\n");
    }

    /// <summary>
    /// A build whose generators name files that do not exist (a git-ignored <c>secrets.env</c> that the deployment
    /// creates): kustomize would refuse the whole build, although what it deploys apart from those generated
    /// objects is known. The build's inputs are copied into a temporary mirror with an empty file in place of
    /// each missing one (copies, not links: kustomize resolves links and refuses files outside its root), and the
    /// wrapper sits one level below the mirror's root, so origin paths relative to it name the real files when
    /// read against <see cref="KustomizeBuildResult.WrapperFolder"/>, a folder of that name below the real root.
    /// </summary>
    private KustomizeBuildResult BuildWithStandIns(KustomizeBuildPlan plan)
    {
        // One level above the folder common to all inputs: the wrapper must not sit inside the kustomization it builds.
        var common = CommonFolder(plan.Inputs.Concat(plan.MissingGeneratorInputs).Append(plan.Root.Path));
        var root = Path.GetDirectoryName(common) ?? common;
        var mirror = Path.Combine(Path.GetTempPath(), "ncp-persistence-kustomize-" + Guid.NewGuid().ToString("N"));
        var wrapperName = "ncp-persistence-wrapper-" + Guid.NewGuid().ToString("N");
        string Mirrored(string path) => Path.Combine(mirror, Path.GetRelativePath(root, path));
        try
        {
            foreach (var input in plan.Inputs)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Mirrored(input))!);
                File.Copy(input, Mirrored(input), overwrite: true);
            }

            foreach (var missing in plan.MissingGeneratorInputs)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Mirrored(missing))!);
                File.WriteAllText(Mirrored(missing), "");
            }

            var wrapper = Path.Combine(mirror, wrapperName);
            Directory.CreateDirectory(wrapper);
            WriteWrapper(wrapper, Mirrored(plan.Root.Folder));
            var (output, error) = Run(wrapper);
            return new KustomizeBuildResult(plan, output, Path.Combine(root, wrapperName), error?.Replace(mirror, root, StringComparison.Ordinal), false)
            {
                StandIns = plan.MissingGeneratorInputs,
            };
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new KustomizeBuildResult(plan, null, null, $"the build's files could not be copied to stand in for its missing generator inputs ({exception.Message})", false);
        }
        finally
        {
            TryDelete(mirror);
        }
    }

    /// <summary>The deepest folder that holds every one of <paramref name="paths"/>.</summary>
    private static string CommonFolder(IEnumerable<string> paths)
    {
        string? common = null;
        foreach (var path in paths)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Path.GetPathRoot(path)!;
            if (common is null)
            {
                common = folder;
                continue;
            }

            while (!(folder + Path.DirectorySeparatorChar).StartsWith(common.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                common = Path.GetDirectoryName(common) ?? Path.GetPathRoot(common)!;
                if (common == Path.GetPathRoot(common))
                {
                    break;
                }
            }
        }

        return common ?? Path.GetTempPath();
    }

    private (string? Output, string? Error) Run(string wrapper)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = wrapper,
        };
        if (IsKubectl)
        {
            start.ArgumentList.Add("kustomize");
        }
        else
        {
            start.ArgumentList.Add("build");
        }

        start.ArgumentList.Add(wrapper);

        // A kustomization that names a file above its own folder ('../bases/crd.yaml') is refused by a bare
        // kubectl kustomize, but built by the tools that deploy it: Flux allows any file of the repository
        // (fluxcd/pkg#262), Config Sync and Argo CD (configurable) build with LoadRestrictionsNone. The analysis
        // checks what is deployed, so it builds as they do. (Nothing read this way leaves the process.)
        start.ArgumentList.Add("--load-restrictor=LoadRestrictionsNone");

        // No network: a proxy nobody listens on makes any remote fetch fail at once, and git never prompts.
        foreach (var proxy in new[] { "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy" })
        {
            start.Environment[proxy] = "http://127.0.0.1:9";
        }

        start.Environment["NO_PROXY"] = "";
        start.Environment["no_proxy"] = "";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_ALLOW_PROTOCOL"] = "file";
        start.Environment["KUBECONFIG"] = Path.Combine(wrapper, "no-kubeconfig");

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, $"{CommandName} could not be started ({exception.Message})");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            var truncated = false;
            var outputDone = new TaskCompletionSource();
            var errorDone = new TaskCompletionSource();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    outputDone.TrySetResult();
                }
                else if (stdout.Length < MaxOutputChars)
                {
                    stdout.Append(e.Data).Append('\n');
                }
                else
                {
                    truncated = true;
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    errorDone.TrySetResult();
                }
                else if (stderr.Length < 64 * 1024)
                {
                    stderr.Append(e.Data).Append('\n');
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(Settings.TimeoutSeconds * 1000))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // it ended on its own in the meantime
                }

                return (null, $"{CommandName} did not finish within {Settings.TimeoutSeconds} seconds and was stopped");
            }

            Task.WaitAll(new[] { outputDone.Task, errorDone.Task }, TimeSpan.FromSeconds(5));
            if (truncated)
            {
                return (null, $"{CommandName} wrote more than {MaxOutputChars / (1024 * 1024)} MiB, more than any build the analysis reads");
            }

            return process.ExitCode == 0
                ? (stdout.ToString(), null)
                : (null, AbsolutePaths(FirstErrorLine(stderr.ToString()), wrapper) ?? $"{CommandName} failed with exit code {process.ExitCode}");
        }
    }

    /// <summary>
    /// kustomize's first error line, without the "Error: " lead-in; for kubectl, the error of its log line
    /// (<c>E1201 12:19:02.015722 15650 run.go:72] "command failed" err="accumulating resources: ..."</c>).
    /// </summary>
    internal static string? FirstErrorLine(string stderr)
    {
        var lines = stderr.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return null;
        }

        var line = lines[0];
        var klog = System.Text.RegularExpressions.Regex.Match(line, @"^[EWIF]\d{4} [\d:.]+\s+\d+ [^\]]+\] (?<rest>.*)$");
        if (klog.Success)
        {
            line = klog.Groups["rest"].Value;

            // klog writes an error with line breaks as "err=<", its lines indented by a tab, then " >";
            // one without as err="..." with Go's escapes.
            if (line.EndsWith("err=<", StringComparison.Ordinal))
            {
                line = string.Join(" ", lines.Skip(1).TakeWhile(l => l != ">"));
            }
            else if (System.Text.RegularExpressions.Regex.Match(line, @"err=""(?<err>(?:[^""\\]|\\.)*)""") is { Success: true } error)
            {
                line = error.Groups["err"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }
        }

        line = line.StartsWith("Error: ", StringComparison.Ordinal) ? line.Substring("Error: ".Length) : line;

        // kustomize nests its errors ("accumulating resources: accumulation err='... err='the real cause'"): the innermost says what is wrong.
        var innermost = line.LastIndexOf("err='", StringComparison.Ordinal);
        if (innermost >= 0)
        {
            line = line.Substring(innermost + "err='".Length).TrimEnd();
        }

        // A resource that is a folder is tried as a file first ("'X' must resolve to a file': recursed accumulation
        // of path 'X': the real cause", or "couldn't make target for path 'X': the real cause"): what follows the
        // last such wrapper is the cause.
        // The file attempt's own complaint, before the cause: "must resolve to a file': " (root-only loading) or
        // "read X: is a directory': " (no load restriction).
        foreach (var fileAttempt in new[] { "must resolve to a file': ", ": is a directory': " })
        {
            if (line.LastIndexOf(fileAttempt, StringComparison.Ordinal) is var at and >= 0)
            {
                line = line.Substring(at + fileAttempt.Length);
            }
        }

        foreach (var wrapper in new[] { "recursed accumulation of path '", "couldn't make target for path '" })
        {
            var at = line.LastIndexOf(wrapper, StringComparison.Ordinal);
            if (at >= 0 && line.IndexOf("': ", at + wrapper.Length, StringComparison.Ordinal) is var end and >= 0)
            {
                line = line.Substring(end + "': ".Length);
            }
        }

        // An err='...' may close with a quote at the very end, or not (kubectl 1.32 prints both shapes); the cause
        // itself may end in a quoted path ("contains visited root 'app'"): drop a last quote only if it is unpaired.
        line = line.TrimEnd();
        while (line.EndsWith('\'') && line.Count(c => c == '\'') % 2 == 1)
        {
            line = line.Substring(0, line.Length - 1).TrimEnd();
        }

        return line.Length > 2000 ? line.Substring(0, 1997) + "..." : line;
    }

    /// <summary>kustomize names files relative to the wrapper folder, which the user never sees: make them absolute.</summary>
    private static string? AbsolutePaths(string? message, string wrapper) =>
        message is null
            ? null
            : System.Text.RegularExpressions.Regex.Replace(message, @"(?:\.\./)+[^\s'"":,)]+", m =>
                // Only paths relative to the wrapper: a resource as the user wrote it ('../svc.yaml') stays as written.
                Path.GetFullPath(m.Value, wrapper) is var full && (File.Exists(full) || Directory.Exists(full)) ? full : m.Value);

    /// <summary>The cache entry: a hash of the binary, the build's root and the content of every file it reads.</summary>
    private string? CacheFile(KustomizeBuildPlan plan)
    {
        if (Settings.CacheDirectory is not { } cache)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));
        var binary = new FileInfo(Binary);
        Add($"{binary.FullName}|{binary.Length}|{binary.LastWriteTimeUtc.Ticks}|{IsKubectl}");
        Add(plan.Root.Folder);
        foreach (var input in plan.Inputs)
        {
            Add(input);
            try
            {
                hash.AppendData(File.ReadAllBytes(input));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return null; // an unreadable input: build without the cache
            }
        }

        return Path.Combine(cache, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant().Substring(0, 32) + ".yaml");
    }

    private static void TryWriteCache(string file, string output)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temporary, output);
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // the cache is an optimisation: without it the next build runs kustomize again
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // a temporary folder left behind is the system's to clean
        }
    }
}
