using NcpPersistence.Model;

namespace NcpPersistence.Tests.Configuration;

[TestFixture]
public sealed class NcpVersionTests
{
    [TestCase("4.1", 4, 1, 0, 0)]
    [TestCase("4.1.1", 4, 1, 1, 0)]
    [TestCase("4.1.2.1", 4, 1, 2, 1)]
    [TestCase("3.2.0", 3, 2, 0, 0)]
    [TestCase("10.0", 10, 0, 0, 0)]
    public void Parses(string text, int major, int minor, int patch, int build)
    {
        Assert.That(NcpVersion.TryParse(text, out var version), Is.True);
        Assert.That(version, Is.EqualTo(new NcpVersion(major, minor, patch, build)));
    }

    [TestCase("")]
    [TestCase("4")]
    [TestCase("4.")]
    [TestCase(".1")]
    [TestCase("4.x")]
    [TestCase("v4.1")]
    [TestCase("4.1.1.1.1")]
    [TestCase("4.1-beta")]
    [TestCase(" 4.1")]
    [TestCase("-4.1")]
    [TestCase("4..1")]
    public void Refuses(string text) => Assert.That(NcpVersion.TryParse(text, out _), Is.False);

    /// <summary>Each boundary of the contract from both sides: the behaviour starts exactly at the named release.</summary>
    [TestCase("4.1.0", "4.1.1", false)]
    [TestCase("4.1.1", "4.1.1", true)]
    [TestCase("4.1", "4.1.1", false)]
    [TestCase("4.1.2.1", "4.1.1", true)]
    [TestCase("3.1.2", "3.2", false)]
    [TestCase("3.2", "3.2", true)]
    [TestCase("2.5", "2.5.1", false)]
    [TestCase("2.5.1", "2.5.1", true)]
    public void Boundaries(string release, string since, bool has)
    {
        NcpVersion.TryParse(release, out var version);
        NcpVersion.TryParse(since, out var boundary);
        Assert.That(NcpRelease.Has(new NcpRelease(version, "--ncp-version"), boundary), Is.EqualTo(has));
        Assert.That(NcpRelease.Has(null, boundary), Is.True, "no release given means the newest behaviour");
    }

    [TestCase("none", "4.1.0", PersistenceKind.Invalid)]
    [TestCase("none", "4.1.1", PersistenceKind.None)]
    [TestCase("None", "4.0", PersistenceKind.Invalid)]
    [TestCase("NONE", "9.0", PersistenceKind.None)]
    [TestCase("", "9.0", PersistenceKind.Invalid)]
    [TestCase("source_ip", "2.3", PersistenceKind.SourceIp)]
    public void L4Choices_DependOnTheRelease(string value, string release, PersistenceKind expected)
    {
        NcpVersion.TryParse(release, out var version);
        Assert.That(EffectiveNcpConfig.ParseL4(value, new NcpRelease(version, "--ncp-version")), Is.EqualTo(expected));
    }

    [Test]
    public void ToString_LeavesOutTrailingZeroParts() =>
        Assert.That(new[] { new NcpVersion(4, 1, 0, 0), new NcpVersion(4, 1, 1, 0), new NcpVersion(4, 1, 2, 1) }.Select(v => v.ToString()), Is.EqualTo(new[] { "4.1", "4.1.1", "4.1.2.1" }));
}
