namespace NcpPersistence.MSBuild.Tests;

/// <summary>
/// The self-contained single-file ncp-persistence for linux-x64, published by the documented script
/// (eng/publish-single-file.sh), runs where no .NET is installed: no dotnet on the PATH, no DOTNET_ROOT.
/// </summary>
[TestFixture]
[NonParallelizable]
[Platform(Include = "Linux")]
public sealed class SingleFileTests
{
    [Test]
    public void PublishedBinary_RunsWithoutDotnet_OnTheExample()
    {
        var output = Path.Combine(Path.GetTempPath(), "ncp-single-file-" + Guid.NewGuid().ToString("N"));
        try
        {
            var root = PackageTests.RepositoryRoot();
            var (published, publishOutput) = PackageTests.Run("bash", root, new Dictionary<string, string?>(), Path.Combine(root, "eng", "publish-single-file.sh"), output);
            Assert.That(published, Is.Zero, publishOutput);
            Assert.That(Directory.GetFiles(output).Select(Path.GetFileName), Is.EqualTo(new[] { "ncp-persistence" }), "one file");

            // An environment with nothing of .NET: a PATH without dotnet, and no DOTNET_* variables at all.
            var empty = Path.Combine(output, "empty-bin");
            Directory.CreateDirectory(empty);
            var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>().ToDictionary(k => k, _ => (string?)null);
            environment["PATH"] = empty;
            environment["HOME"] = output;

            var example = Path.Combine(root, "examples", "cafe", "manifests");
            var (exitCode, runOutput) = PackageTests.Run(Path.Combine(output, "ncp-persistence"), output, environment, example, "--sarif", Path.Combine(output, "cafe.sarif"));
            Assert.That(exitCode, Is.EqualTo(1), runOutput);
            Assert.That(runOutput, Does.Contain("cafe.yaml(12,24,12,31): error NCP3001:").And.Contain("1 error(s), 0 warning(s), 0 note(s) in 2 files"));
            Assert.That(File.ReadAllText(Path.Combine(output, "cafe.sarif")), Does.Contain("\"ruleId\": \"NCP3001\""), "the SARIF writer works in the single file too");
        }
        finally
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
                // left to the system's temp cleanup
            }
        }
    }
}
