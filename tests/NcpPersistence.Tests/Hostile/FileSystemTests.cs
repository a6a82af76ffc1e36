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
    public void FifoAndDevice_DoNotHang_AndAreNcp9002()
    {
        // A FIFO blocks whoever opens it until a writer comes; /dev/zero never ends. Neither is opened:
        // each is an NCP9002 that says what it is (issue 16, item 3: a FIFO or device is a diagnostic for inputs).
        var fifo = MakeFifo("pipe.yaml");
        Service("ok.yaml", "ok");

        // In a child process: if the loader opened the FIFO, the test host would hang with it.
        var child = Hostile.RunChild(folder, Hostile.TimeLimit, ".", "/dev/zero");
        Hostile.AssertChildWellBehaved(child);
        Assert.That(child.Stdout, Does.Contain("ok.yaml(6,20,6,26): error NCP2003").And.Contain("in 3 files"));
        Assert.That(child.Stdout, Does.Contain("pipe.yaml(1,1): error NCP9002: The file was not analysed: the file is a FIFO (named pipe), not a regular file"));
        Assert.That(child.Stdout, Does.Contain("/dev/zero(1,1): error NCP9002: The file was not analysed: the file is a character device, not a regular file"));
        Assert.That(fifo, Does.Exist);
    }

    [Test]
    public void FifoAndDeviceBehindALink_AreNcp9002_NeverOpened()
    {
        // F4: lstat gave the link's own size (5 bytes), so the loader opened the FIFO (a hang) or read /dev/zero to the end (> 4 GiB).
        MakeFifo(".pipe");
        File.CreateSymbolicLink(Path.Combine(folder, "pipe.yaml"), ".pipe");
        File.CreateSymbolicLink(Path.Combine(folder, "zero.yaml"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(folder, "status.yaml"), "/proc/self/status");
        Service("ok.yaml", "ok");

        var child = Hostile.RunChild(folder, Hostile.TimeLimit, ".", "zero.yaml", "status.yaml", "--config", "pipe.yaml");
        Hostile.AssertChildWellBehaved(child);
        Assert.That(child.Stdout, Does.Contain("pipe.yaml(1,1): error NCP9002: The file was not analysed: the file is a symbolic link to '.pipe', which is a FIFO (named pipe), not a regular file"));
        Assert.That(child.Stdout, Does.Contain("zero.yaml(1,1): error NCP9002: The file was not analysed: the file is a symbolic link to '/dev/zero', which is a character device, not a regular file"));
        Assert.That(child.Stdout, Does.Contain("status.yaml(1,1): error NCP9002: The file was not analysed: the file is a symbolic link to '/proc/self/status', which is a kernel pseudo-file"));
        Assert.That(child.Stdout, Does.Contain("ok.yaml(6,20,6,26): error NCP2003"));
    }

    [TestCase(".editorconfig", "fifo")]
    [TestCase(".globalconfig", "fifo")]
    [TestCase(".editorconfig", "/dev/zero")]
    [TestCase(".globalconfig", "/dev/zero")]
    public void ConfigFileThatIsAFifoOrDevice_IsAWarning_NeverOpened(string name, string what)
    {
        // F4: File.Exists is true for a FIFO or a device, and File.ReadAllText then hung or read for ever; an
        // .editorconfig is looked up in every parent folder, so one FIFO blocked every analysis below it.
        Service("deep/sub/ok.yaml", "ok");
        var config = Path.Combine(folder, name);
        if (what == "fifo")
        {
            MakeFifo(name);
        }
        else
        {
            File.CreateSymbolicLink(config, what);
        }

        var child = Hostile.RunChild(folder, Hostile.TimeLimit, "deep/sub");
        Hostile.AssertChildWellBehaved(child);
        Assert.That(child.Stdout, Does.Contain("deep/sub/ok.yaml(6,20,6,26): error NCP2003"));
        Assert.That(child.Stderr, Does.Contain($"warning: {config}: the file is {(what == "fifo" ? "a FIFO (named pipe)" : "a character device")}, not a regular file, so it was not read"));
    }

    private string MakeFifo(string name)
    {
        var fifo = Path.Combine(folder, name);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", new[] { fifo }))
        {
            mkfifo.WaitForExit();
        }

        Assume.That(File.Exists(fifo), "mkfifo is not available");
        return fifo;
    }
}