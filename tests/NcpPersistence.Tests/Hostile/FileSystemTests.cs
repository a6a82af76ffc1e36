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

    [TestCase(false, TestName = "LinkShape_OneUpLinkBehindAFolderLink_EachFileOnce")]
    [TestCase(true, TestName = "LinkShape_TwoUpLinksBehindAFolderLink_Ends_EachFileOnce")]
    public void LinkShapes_EachRealFolderScannedOnce(bool branching)
    {
        // F3: x -> .real/x and x/a/b/up -> ..: the walk resolved 'up' against its lexical folder (x/a/b, behind
        // the link x), so it never met a folder twice; one such link analysed svc.yaml 40 times (the kernel's
        // link limit), two (up2 -> ../../a beside it) branched at every level and never ended (867 MiB at 120 s).
        var root = Path.Combine(folder, "R");
        Service("R/.real/x/a/svc.yaml", "web");
        Directory.CreateDirectory(Path.Combine(root, ".real", "x", "a", "b"));
        Directory.CreateSymbolicLink(Path.Combine(root, ".real", "x", "a", "b", "up"), "..");
        if (branching)
        {
            Directory.CreateSymbolicLink(Path.Combine(root, ".real", "x", "a", "b", "up2"), Path.Combine("..", "..", "a"));
        }

        Directory.CreateSymbolicLink(Path.Combine(root, "x"), Path.Combine(".real", "x"));

        var child = Hostile.RunChild(root, Hostile.TimeLimit, ".");
        Hostile.AssertChildWellBehaved(child);
        var measured = Hostile.Run(root, ".");

        Hostile.AssertWellBehaved(measured, 0, 0);
        Assert.That(Errors(measured), Is.EqualTo(new[] { "x/a/svc.yaml:6:20 NCP2003" }));
        Assert.That(measured.Run.Diagnostics.Select(d => d.Id), Has.None.EqualTo("NCP9005"));
        Assert.That(measured.Run.SummaryLine, Does.EndWith("in 1 files"));
    }

    [Test]
    public void UnreadableFolder_IsNcp9002_WithItsPath_NeverSilence()
    {
        // F2: an unreadable folder was dropped without a word ("0 error(s) in 0 files", exit 0), also the one named.
        // Root reads any folder, so the test seam makes the listing fail as it does for other users.
        Service("k8s/prod/bad.yaml", "bad");
        Service("k8s/ok/ok.yaml", "ok");
        Service("sealed/bad.yaml", "bad");
        ManifestDiscoveryFaults.Deny(Path.Combine(folder, "k8s", "prod"), Path.Combine(folder, "sealed"));
        Measured scanned, named;
        try
        {
            scanned = Hostile.Run(folder, "k8s");
            named = Hostile.Run(folder, "sealed");
        }
        finally
        {
            ManifestDiscoveryFaults.Clear();
        }

        Hostile.AssertWellBehaved(scanned, 0, 0);
        Assert.That(Errors(scanned), Is.EqualTo(new[] { "k8s/ok/ok.yaml:6:20 NCP2003", "k8s/prod:1:1 NCP9002" }));
        Assert.That(scanned.Run.Diagnostics.Single(d => d.Id == "NCP9002").Message,
            Is.EqualTo("The folder was not scanned: the folder cannot be read (permission denied), so the manifests in it were not analysed"));
        Assert.That(named.Run.ExitCode, Is.EqualTo(1), named.Run.ToString());
        Assert.That(Errors(named), Is.EqualTo(new[] { "sealed:1:1 NCP9002" }));
    }

    [Test]
    public void UnreadableFolder_ForAnUnprivilegedUser_IsNcp9002()
    {
        // The same with real permissions: a mode-000 folder, and a mode-644 one (listable, not searchable).
        // Root bypasses permission bits, so as root the CLI runs as 'nobody' (setpriv), where that is possible.
        Service("k8s/sealed/bad.yaml", "bad");
        Service("k8s/noexec/bad.yaml", "bad");
        Service("k8s/ok/ok.yaml", "ok");
        File.SetUnixFileMode(Path.Combine(folder, "k8s", "sealed"), UnixFileMode.None);
        File.SetUnixFileMode(Path.Combine(folder, "k8s", "noexec"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            var child = Unprivileged.RunChild(folder, "k8s", "--l4", "none", "--l7", "none");
            Hostile.AssertChildWellBehaved(child);
            Assert.That(child.ExitCode, Is.EqualTo(1), child.ToString());
            Assert.That(child.Stdout, Does.Contain("k8s/sealed(1,1): error NCP9002: The folder was not scanned: the folder cannot be read (permission denied)"));
            Assert.That(child.Stdout, Does.Contain("k8s/noexec").And.Contain("k8s/ok/ok.yaml(6,20,6,26): error NCP2003"));
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(folder, "k8s", "sealed"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(Path.Combine(folder, "k8s", "noexec"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void FolderWalk_StopsAtItsLimit_WithADiagnostic()
    {
        // F3/item 4: the walk is bounded by a count, and says where it stopped.
        for (var i = 0; i < 12; i++)
        {
            Service($"f{i:00}/s.yaml", $"s{i}");
        }

        var limit = NcpPersistence.Loading.ManifestDiscovery.MaxFolders;
        Measured measured;
        try
        {
            ManifestDiscoveryFaults.SetMaxFolders(5);
            measured = Hostile.Run(folder, ".");
        }
        finally
        {
            ManifestDiscoveryFaults.SetMaxFolders(limit);
        }

        Hostile.AssertWellBehaved(measured, 0, 0);
        var stop = measured.Run.Diagnostics.Single(d => d.Id == "NCP9002");
        Assert.That(stop.Message, Does.StartWith("The folder was not scanned: the folder walk stopped here, at its limit of 5 folders"));
        Assert.That(measured.Run.Diagnostics.Count(d => d.Id == "NCP2003"), Is.EqualTo(4), "the root and 4 sub-folders were scanned");
    }

    [Test]
    public void PathLongerThanTheSystemAllows_IsNcp9002_NotAStackTrace()
    {
        // F10: a folder whose nested path passes PATH_MAX (4096 bytes) threw ArgumentException from the walk.
        var segment = new string('d', 150);
        var script = $"cd '{folder}' && mkdir long && cd long && for i in $(seq 30); do mkdir {segment} && cd {segment} || exit 1; done && printf 'kind: Service\n' > deep.yaml";
        using (var bash = System.Diagnostics.Process.Start("bash", new[] { "-c", script }))
        {
            bash.WaitForExit();
            Assume.That(bash.ExitCode, Is.EqualTo(0), "could not build the deep tree");
        }

        try
        {
            var measured = Hostile.Run(folder, "long");
            Hostile.AssertWellBehaved(measured, 0, 0);
            var error = measured.Run.Diagnostics.Single(d => d.Id == "NCP9002");
            Assert.That(error.Message, Does.Match(@"^The folder was not scanned: the path is 4,\d{3} bytes long, more than the operating system can open"));
        }
        finally
        {
            using var rm = System.Diagnostics.Process.Start("rm", new[] { "-rf", Path.Combine(folder, "long") });
            rm.WaitForExit(); // Directory.Delete cannot remove a tree past PATH_MAX
        }
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

    [Test]
    public void KustomizationThatIsAFifo_IsNcp9006AtOnce_NeitherReadNorBuilt()
    {
        // Planning the builds read every kustomization file: a FIFO named kustomization.yaml hung the run, and
        // kustomize itself would block on it until the build timeout.
        Directory.CreateDirectory(Path.Combine(folder, "app"));
        MakeFifo("app/kustomization.yaml");
        Service("ok.yaml", "ok");

        var child = Hostile.RunChild(folder, Hostile.TimeLimit, ".");
        Hostile.AssertChildWellBehaved(child);
        Assert.That(child.Stdout, Does.Contain("app/kustomization.yaml(1,1): error NCP9006: The kustomization in app could not be built: its kustomization file app/kustomization.yaml cannot be used: the file is a FIFO (named pipe)"));
        Assert.That(child.Stdout, Does.Contain("ok.yaml(6,20,6,26): error NCP2003"));
    }

    [Test]
    public void KustomizationResourceThatIsAFifo_IsNcp9006AtOnce_NotAfterTheBuildTimeout()
    {
        Directory.CreateDirectory(Path.Combine(folder, "app"));
        File.WriteAllText(Path.Combine(folder, "app", "kustomization.yaml"), "resources:\n- svc.yaml\n");
        MakeFifo("app/svc.yaml");

        var child = Hostile.RunChild(folder, Hostile.TimeLimit, ".");
        Hostile.AssertChildWellBehaved(child);
        Assert.That(child.Stdout, Does.Contain("app/kustomization.yaml(1,1): error NCP9006: The kustomization in app could not be built: it reads app/svc.yaml, which is a FIFO (named pipe), not a regular file"));
        Assert.That(child.Stdout, Does.Contain("app/svc.yaml(1,1): error NCP9002"));
    }

    [Test]
    public void SettingsFileThatIsAFifo_IsNcp9008_NeverOpened()
    {
        MakeFifo(".ncp-persistence.yaml");
        Service("ok.yaml", "ok");

        var child = Hostile.RunChild(folder, Hostile.TimeLimit, ".");
        Hostile.AssertChildWellBehaved(child);
        Assert.That(child.Stdout, Does.Contain(".ncp-persistence.yaml(1,1): error NCP9008: The settings file is invalid: the file is a FIFO (named pipe), not a regular file"));
        Assert.That(child.Stdout, Does.Contain("ok.yaml(6,20,6,26): error NCP2003"));
    }

    /// <summary>The one-lstat path for inputs: true only for a regular file that is no link, with the size .NET reports.</summary>
    [Test]
    public void PlainRegularFile_IsOnlyARegularFileThatIsNoLink_WithItsSize()
    {
        var file = Path.Combine(folder, "plain.yaml");
        File.WriteAllText(file, new string('x', 123_457));
        var link = Path.Combine(folder, "link.yaml");
        File.CreateSymbolicLink(link, file);
        var fifo = MakeFifo("fifo.yaml");

        Assert.That(NcpPersistence.Loading.FileKinds.IsPlainRegularFile(file, out var size), Is.True);
        Assert.That(size, Is.EqualTo(new FileInfo(file).Length));
        Assert.That(NcpPersistence.Loading.FileKinds.IsPlainRegularFile(link, out _), Is.False, "a link takes the long way, which names it");
        Assert.That(NcpPersistence.Loading.FileKinds.IsPlainRegularFile(fifo, out _), Is.False);
        Assert.That(NcpPersistence.Loading.FileKinds.IsPlainRegularFile(folder, out _), Is.False);
        Assert.That(NcpPersistence.Loading.FileKinds.IsPlainRegularFile(Path.Combine(folder, "missing.yaml"), out _), Is.False);
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