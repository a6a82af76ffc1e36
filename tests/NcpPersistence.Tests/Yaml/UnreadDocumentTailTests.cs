using System.Text;
using NcpPersistence.Yaml;

namespace NcpPersistence.Tests.Yaml;

/// <summary>
/// Of a document whose kind the analysis does not read, the reader keeps the identity (apiVersion, kind, metadata) and
/// does not parse the rest: a new parser starts at the next document marker. Every case reads the same stream twice,
/// once with every kind read and once with Deployments skipped, and the two readings must agree on everything the
/// analysis keeps: the number of documents, their first lines, the Deployment's identity, and every node (value, line,
/// column) of the documents after it.
/// </summary>
[TestFixture]
public sealed class UnreadDocumentTailTests
{
    private const string Identity = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n";

    private const string Service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web # the line and column of every node must be right\nspec:\n  type: LoadBalancer\n  sessionAffinity: ClientIP\n";

    private static IEnumerable<TestCaseData> Streams()
    {
        TestCaseData Case(string name, string text) => new TestCaseData(text).SetName("Unread tail: " + name);
        yield return Case("plain", Identity + "spec:\n  replicas: 2\n---\n" + Service);
        yield return Case("block scalar with indented markers", Identity + "spec:\n  script: |\n    ---\n    ...\n    --- x\n---\n" + Service);
        yield return Case("markers inside lines and words", Identity + "spec:\n  a: x---\n  b: '--- not at a line start'\n  c: ---x\n---x: not a marker\n---\n" + Service);
        yield return Case("marker with a comment and a tag", Identity + "spec: {}\n--- # next\n" + Service + "--- !!map\n" + Service.Replace("name: web", "name: tagged"));
        yield return Case("document end marker", Identity + "spec:\n  replicas: 2\n...\n---\n" + Service);
        yield return Case("document end marker then a bare document", Identity + "spec:\n  replicas: 2\n...\n" + Service);
        yield return Case("document end marker at the end", Identity + "spec: {}\n...\n");
        yield return Case("CRLF", (Identity + "spec:\n  replicas: 2\n---\n" + Service).Replace("\n", "\r\n"));
        yield return Case("CR only", (Identity + "spec:\n  replicas: 2\n---\n" + Service).Replace("\n", "\r"));
        yield return Case("Unicode line separators in the tail", Identity + "spec:\n  note: \"a\u2028b\u2029c\u0085d\"\n---\n" + Service);
        yield return Case("metadata after spec", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\nmetadata:\n  name: web\nstatus: {}\n---\n" + Service);
        yield return Case("no newline at the end", Identity + "spec:\n  replicas: 2");
        yield return Case("several skipped documents", Identity + "spec: {a: 1}\n---\n" + Identity + "spec:\n  - x\n---\n" + Service + "---\n" + Identity + "spec: 3\n");
        yield return Case("flow mapping at the top", "{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 2}}\n---\n" + Service);
        yield return Case("directives after the end", Identity + "spec: 1\n...\n%YAML 1.1\n---\n" + Service);
        yield return Case("a long tail", Identity + "spec:\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"  k{i}: \"v {i}\"\n")) + "---\n" + Service);
    }

    [TestCaseSource(nameof(Streams))]
    public void SkippingTheTailKeepsEveryDocumentAndPosition(string text)
    {
        var full = Read(text, (_, _) => true);
        var skipped = Read(text, (kind, _) => kind != "Deployment");
        Assert.That(skipped.Error, Is.Null, "the stream is valid YAML");
        Assert.That(full.Error, Is.Null, "the stream is valid YAML");
        Assert.That(skipped.Documents.Select(d => d.Line), Is.EqualTo(full.Documents.Select(d => d.Line)), "documents and their first lines");
        for (var i = 0; i < full.Documents.Count; i++)
        {
            var expected = full.Documents[i].Root is YMapping mapping && mapping.Get("kind") is YScalar { Value: "Deployment" }
                ? Dump(IdentityOf(mapping))
                : Dump(full.Documents[i].Root);
            var actual = skipped.Documents[i].Root is YMapping skippedMapping && skippedMapping.Get("kind") is YScalar { Value: "Deployment" }
                ? Dump(IdentityOf(skippedMapping))
                : Dump(skipped.Documents[i].Root);
            Assert.That(actual, Is.EqualTo(expected), $"document {i + 1}");
        }
    }

    [Test]
    public void TheTailIsReallyNotParsed()
    {
        // Not valid YAML after the identity: a reader that parsed it would fail; the Service after it is still read.
        var text = Identity + "spec:\n  containers:\n  - name: web\n     image: nginx\n---\n" + Service;
        Assert.That(Read(text, (_, _) => true).Error, Is.Not.Null, "the Deployment's spec is not valid YAML");
        var skipped = Read(text, (kind, _) => kind != "Deployment");
        Assert.That(skipped.Error, Is.Null);
        Assert.That(skipped.Documents.Select(d => (d.Root as YMapping)?.Get("kind") is YScalar kind ? kind.Value : null), Is.EqualTo(new[] { "Deployment", "Service" }));
        var name = (YScalar)((YMapping)((YMapping)skipped.Documents[1].Root!).Get("metadata")!).Get("name")!;
        Assert.That((name.StartLine, name.StartColumn), Is.EqualTo((14, 9)));
    }

    [Test]
    public void AnErrorAfterTheSkippedTailIsReportedAtItsLine()
    {
        var text = Identity + "spec:\n  replicas: 2\n---\napiVersion: v1\nkind: Service\nmetadata:\n  labels: [a, b\n";
        var error = Read(text, (kind, _) => kind != "Deployment").Error;
        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Line, Is.EqualTo(Read(text, (_, _) => true).Error!.Line));
        Assert.That(error.Line, Is.GreaterThanOrEqualTo(12));
    }

    // The reader hashes the unread rest as text; copies that differ only in layout or comments are hashed again from
    // their content once the files are loaded (ExactContentHashes; fixtures NCP9005/no-*-of-other-kinds*).
    [TestCase("spec:\n  replicas: 2\n  image: nginx # pinned\n", "spec:\n  replicas: 2\n  image: nginx # pinned\n", true)]
    [TestCase("spec:\n  replicas: 2\n", "spec:\n  replicas: 3\n", false)]
    [TestCase("spec:\n  replicas: 2\n", "status:\n  replicas: 2\n", false)]
    public void IdenticalTailsHashAlikeAndDifferentOnesDoNot(string tail, string otherTail, bool alike)
    {
        var hash = Read(Identity + tail, (kind, _) => kind != "Deployment").Documents.Single().ContentHash;
        var other = Read(Identity + otherTail, (kind, _) => kind != "Deployment").Documents.Single().ContentHash;
        Assert.That(hash == other, Is.EqualTo(alike));
        var root = (YMapping)Read(Identity + tail, (kind, _) => kind != "Deployment").Documents.Single().Root!;
        Assert.That(root.ContentHash, Is.Not.EqualTo(0UL), "the document's mapping carries the hash the model keeps");
    }

    [Test]
    public void ManyDocumentsInOneFileAreReadInOnePass()
    {
        // A new parser per skipped document must not copy the rest of the text (that would be quadratic).
        var text = string.Join("---\n", Enumerable.Repeat(Identity + "spec:\n  replicas: 2\n", 20_000));
        var documents = Read(text, (kind, _) => kind != "Deployment").Documents;
        Assert.That(documents, Has.Count.EqualTo(20_000));
        Assert.That(documents.Select(d => d.Line), Is.EqualTo(Read(text, (_, _) => true).Documents.Select(d => d.Line)));
        Assert.That(documents[^1].Line, Is.EqualTo(19_999 * 8), "the last document starts at its '---'");
    }

    private static (List<YamlDocument> Documents, YamlReadError? Error) Read(string text, ReadsWholeDocument isRelevantKind)
    {
        var documents = new List<YamlDocument>();
        var error = YamlDocumentReader.Read(YamlTextRepair.Repair(text), isRelevantKind, documents);
        return (documents, error);
    }

    private static YMapping IdentityOf(YMapping mapping)
    {
        var identity = new YMapping(new TextPosition(mapping.StartLine, mapping.StartColumn));
        foreach (var entry in mapping.Entries.Where(e => e.Key is YScalar { Value: "apiVersion" or "kind" or "metadata" }))
        {
            identity.Add(entry.Key, entry.Value);
        }

        return identity;
    }

    private static string Dump(YNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(YNode? node, StringBuilder text)
    {
        switch (node?.Resolved)
        {
            case null:
                text.Append("null");
                break;
            case YScalar scalar:
                text.Append($"'{scalar.Value}'@{scalar.StartLine}:{scalar.StartColumn}-{scalar.EndLine}:{scalar.EndColumn}");
                break;
            case YSequence sequence:
                text.Append($"[@{sequence.StartLine}:{sequence.StartColumn}");
                foreach (var item in sequence.Items)
                {
                    text.Append(' ');
                    Write(item, text);
                }

                text.Append(']');
                break;
            case YMapping mapping:
                text.Append($"{{@{mapping.StartLine}:{mapping.StartColumn}");
                foreach (var entry in mapping.Entries)
                {
                    text.Append(' ');
                    Write(entry.Key, text);
                    text.Append(": ");
                    Write(entry.Value, text);
                }

                text.Append('}');
                break;
        }
    }
}
