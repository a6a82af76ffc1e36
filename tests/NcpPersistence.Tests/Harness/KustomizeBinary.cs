namespace NcpPersistence.Tests.Harness;

/// <summary>
/// Tests that need kustomize run the real binary (kubectl kustomize, as CI has). Where neither exists they
/// are skipped with <see cref="SkipReason"/>, which .ci/run looks for: in CI a skip is a failure.
/// </summary>
public static class KustomizeBinary
{
    public const string SkipReason = "KUSTOMIZE-SKIP: neither kustomize nor kubectl is on PATH, so this test cannot run the real binary";

    public static bool Available { get; } = OnPath("kustomize") || OnPath("kubectl");

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, name)));
}

/// <summary>Sets environment variables for the duration of one in-process run and puts them back (fixture tests run one at a time).</summary>
public sealed class EnvironmentOverride : IDisposable
{
    private readonly Dictionary<string, string?> previous = new();

    public EnvironmentOverride(IReadOnlyDictionary<string, string> values)
    {
        foreach (var (name, value) in values)
        {
            previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
