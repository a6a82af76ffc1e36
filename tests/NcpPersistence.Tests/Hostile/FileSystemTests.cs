namespace NcpPersistence.Tests.Hostile;

/// <summary>Folders that look like files, files that cannot be read, and symbolic links in every bad shape.</summary>
[TestFixture]
[NonParallelizable]
[Platform(Exclude = "Win", Reason = "Unix file modes, FIFOs and unprivileged symbolic links")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileSystemTests
{
    private string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Hostile.NewFolder();

    [TearDown]
    public void DeleteFolder() => Hostile.DeleteFolder(folder);

    private string Service(string relativePath, string name)
    {
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  sessionAffinity: Sticky\n");
        return path;
    }

    private static string[] Errors(Measured measured) =>
        measured.Run.Diagnostics.Where(d => d.Severity == "error").Select(d => $"{d.File}:{d.Line}:{d.Column} {d.Id}").ToArray();

    [Test]
    public void FolderNamedLikeAManifest_IsScannedAsAFolder()
    {
        Directory.CreateDirectory(Path.Combine(folder, "x.yaml", "empty.yml"));
        Service("x.yaml/inner.yaml", "inner");

        var scanned = Hostile.Run(folder, ".");
        var named = Hostile.Run(folder, "x.yaml", "x.yaml/empty.yml");

        Hostile.AssertWellBehaved(scanned, 0, 0);
        Hostile.AssertWellBehaved(named, 0, 0);
        Assert.That(Errors(scanned), Is.EqualTo(new[] { "x.yaml/inner.yaml:6:20 NCP2003" }));
        Assert.That(Errors(named), Is.EqualTo(new[] { "x.yaml/inner.yaml:6:20 NCP2003" }));
    }

    [Test]
    public void UnreadableFile_IsNcp9002_OrReadWhenPermissionsAreNotEnforced()
    {
        var locked = Service("locked.yaml", "locked");
        Service("open.yaml", "open");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        var enforced = !CanOpen(locked); // root (as in CI) reads a mode-000 file anyway

        Measured measured;
        try
        {
            measured = Hostile.Run(folder, ".");
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Hostile.AssertWellBehaved(measured, 0, 0);
        Assert.That(Errors(measured), Is.EqualTo(new[] { enforced ? "locked.yaml:1:1 NCP9002" : "locked.yaml:6:20 NCP2003", "open.yaml:6:20 NCP2003" }));
        if (enforced)
        {
            Assert.That(measured.Run.Diagnostics.First().Message, Does.Contain("the file cannot be read"));
        }
        else
        {
            TestContext.Out.WriteLine("[hostile] file permissions are not enforced for this user (root, as in CI): the mode-000 file was read, as it should be then");
        }
    }

    private static bool CanOpen(string path)
    {
        try
        {
            File.OpenRead(path).Dispose();
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Test]
    public void SymbolicLinkLoops_EachRealFileOnce_LinksOutOfTheRootsNotFollowed()
    {
        var root = Path.Combine(folder, "root");
        Service("root/a/svc.yaml", "web");
        Service("outside/out.yaml", "outside");
        Directory.CreateSymbolicLink(Path.Combine(root, "a", "up"), "..");                          // a/up -> root (a loop)
        Directory.CreateSymbolicLink(Path.Combine(root, "a", "self"), ".");                         // a/self -> a
        Directory.CreateSymbolicLink(Path.Combine(root, "b"), "a");                                 // b -> a, a second way in
        Directory.CreateSymbolicLink(Path.Combine(root, "a", "out"), Path.Combine(folder, "outside")); // leaves the root
        File.CreateSymbolicLink(Path.Combine(root, "alias.yaml"), Path.Combine("a", "svc.yaml"));    // a second name
        File.CreateSymbolicLink(Path.Combine(root, "escape.yaml"), Path.Combine("..", "outside", "out.yaml"));

        var measured = Hostile.Run(root, ".");

        Hostile.AssertWellBehaved(measured, 0, 0);
        var errors = Errors(measured);
        Assert.That(errors, Has.Length.EqualTo(1), string.Join('\n', errors));
        Assert.That(errors[0], Is.EqualTo("a/svc.yaml:6:20 NCP2003"), "the real path, not a link to it");
        Assert.That(measured.Run.SummaryLine, Does.EndWith("in 1 files"));
    }

    [Test]
    public void DanglingAndSelfLinks_AreNcp9002NamingTheLink()
    {
        File.CreateSymbolicLink(Path.Combine(folder, "dangling.yaml"), "nowhere.yaml");
        File.CreateSymbolicLink(Path.Combine(folder, "self.yaml"), "self.yaml");
        Service("ok.yaml", "ok");

        var measured = Hostile.Run(folder, ".");

        Hostile.AssertWellBehaved(measured, 0, 0);
        Assert.That(Errors(measured), Is.EqualTo(new[] { "dangling.yaml:1:1 NCP9002", "ok.yaml:6:20 NCP2003", "self.yaml:1:1 NCP9002" }));
        var messages = measured.Run.Diagnostics.Where(d => d.Id == "NCP9002").Select(d => d.Message);
        Assert.That(messages, Is.EqualTo(new[]
        {
            "The file was not analysed: the file is a symbolic link to 'nowhere.yaml', which does not exist",
            "The file was not analysed: the file is a symbolic link to 'self.yaml', which is a loop of links",
        }));
    }

    [Test]
    public void FifoAndDevice_DoNotHang()
    {
        // A FIFO blocks whoever opens it until a writer comes; /dev/zero never ends. Both report size 0.
        var fifo = Path.Combine(folder, "pipe.yaml");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", new[] { fifo }))
        {
            mkfifo.WaitForExit();
        }

        Assume.That(File.Exists(fifo), "mkfifo is not available");
        Service("ok.yaml", "ok");

        // In a child process: if the loader opened the FIFO, the test host would hang with it.
        var child = Hostile.RunChild(folder, Hostile.TimeLimit, ".", "/dev/zero");
        Hostile.AssertChildWellBehaved(child);
        Assert.That(child.Stdout, Does.Contain("ok.yaml(6,20,6,26): error NCP2003").And.Contain("in 3 files"));
        Assert.That(child.Stdout, Does.Not.Contain("pipe.yaml").And.Not.Contain("/dev/zero"));
    }
}
