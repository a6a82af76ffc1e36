using System.Text.Json;
using NcpPersistence.Loading;
using NcpPersistence.Model;

namespace NcpPersistence.Tests.Configuration;

/// <summary>Positions in a network profile: byte offsets of Utf8JsonReader mapped to 1-based lines and UTF-16 columns.</summary>
[TestFixture]
public sealed class NetworkProfileReaderTests
{
    [Test]
    public void ValueSpans_CountUtf16CodeUnits_AfterNonAsciiText()
    {
        // é is 2 UTF-8 bytes and 1 UTF-16 unit; the rocket is 4 bytes and 2 units (a surrogate pair).
        const string text = "{\"name\": \"é🚀\", \"parameters\": {\"lb_size\": \"large\"}}";
        var profile = NetworkProfileReader.Read("p.json", text);
        var size = profile.LbSize!;

        Assert.That(size.Text, Is.EqualTo("large"));
        Assert.That((size.Span.StartLine, size.Span.StartColumn, size.Span.EndColumn), Is.EqualTo((1, text.IndexOf("\"large\"", StringComparison.Ordinal) + 1, text.IndexOf("\"large\"", StringComparison.Ordinal) + 8)));
    }

    [Test]
    public void Lines_StartAfterEachLineFeed_AlsoAfterCarriageReturnLineFeed()
    {
        const string text = "{\r\n  \"parameters\": {\r\n    \"lb_size\": 3\r\n  }\r\n}\r\n";
        var size = NetworkProfileReader.Read("p.json", text).LbSize!;

        Assert.That((size.Kind, size.Span.StartLine, size.Span.StartColumn), Is.EqualTo((JsonValueKind.Number, 3, 16)));
    }

    [Test]
    public void InvalidJson_IsAProblemAtItsPosition_NeverAnException()
    {
        var profile = NetworkProfileReader.Read("p.json", "{\n  \"name\": \"ü\" \"x\"\n}");

        Assert.That(profile.Root, Is.Null);
        var problem = profile.Problems.Single();
        Assert.That((problem.Span.StartLine, problem.Span.StartColumn), Is.EqualTo((2, 15)));
        Assert.That(problem.Message, Does.StartWith("the file is not valid JSON: "));
        Assert.That(problem.Message, Does.Not.Contain("LineNumber"));
    }

    [Test]
    public void Parameters_BecomeNcpIniEntries_LocatedInTheJson()
    {
        const string text = """
            {"name": "np", "parameters": {"lb_size": "medium", "cni_configurations": {"parameters": {
              "nsx_lb": false,
              "ingress_persistence_settings": {"persistence_type": "cookie", "persistence_timeout": 60},
              "extensions": {"ncp": {"k8s": {"enable_lb_crd": "True"}}}}}}}
            """;
        var profile = NetworkProfileReader.Read("p.json", text);
        var entries = profile.Ini.Entries.ToDictionary(e => $"{e.Section}.{e.Key}");

        Assert.That(entries["nsx_v3.service_size"].Value, Is.EqualTo("MEDIUM"));
        Assert.That(entries["nsx_v3.use_native_loadbalancer"].Value, Is.EqualTo("False"));
        Assert.That(entries["nsx_v3.l7_persistence"].Value, Is.EqualTo("cookie"));
        Assert.That(entries["nsx_v3.l7_persistence"].ProfileParameter, Is.EqualTo("ingress_persistence_settings.persistence_type"));
        Assert.That(entries["nsx_v3.l7_persistence_timeout"].Value, Is.EqualTo("60"));
        Assert.That(entries["k8s.enable_lb_crd"].ProfileParameter, Is.Null, "extensions are passed to NCP as written");
        Assert.That(entries["nsx_v3.use_native_loadbalancer"].KeySpan.StartLine, Is.EqualTo(2));
    }

    [TestCase("prod-network-profile.json", true)]
    [TestCase("network-profile.json", true)]
    [TestCase("NETWORK-PROFILE.JSON", true)]
    [TestCase("networkprofile.json", false)]
    [TestCase("network-profile.yaml", false)]
    [TestCase("package.json", false)]
    public void DiscoveryName(string name, bool expected) => Assert.That(NetworkProfileReader.IsNetworkProfileName(name), Is.EqualTo(expected));
}
