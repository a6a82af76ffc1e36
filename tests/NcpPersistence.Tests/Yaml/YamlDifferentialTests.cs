using System.Text;
using System.Text.Json.Nodes;
using NcpPersistence.Loading;
using NcpPersistence.Yaml;

namespace NcpPersistence.Tests.Yaml;

/// <summary>
/// The analyzer's YAML reader against PyYAML (libyaml), on inputs written to be tricky but valid: block
/// scalars whose first lines hold only spaces, indentation indicators, CRLF, a BOM, tabs in scalars,
/// anchors and merge keys, complex keys, very long lines. PyYAML's verdict is recorded in
/// Fixtures/Yaml/differential/pyyaml.json by record-pyyaml.py, so CI needs no Python. Every file PyYAML
/// loads must load here into the same documents (structure, scalar text, aliases followed), with
/// scalars at the same line and column.
/// </summary>
[TestFixture]
public sealed class YamlDifferentialTests
{
    private static readonly string Folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Yaml", "differential");

    /// <summary>Known, deliberate deviations: none today. A case listed here must say why.</summary>
    private static readonly Dictionary<string, string> Deviations = new(StringComparer.Ordinal);

    private static IEnumerable<TestCaseData> Cases() =>
        Record()["cases"]!.AsObject().Select(c => new TestCaseData(c.Key).SetName("Yaml differential " + c.Key));

    private static JsonNode Record() => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "pyyaml.json")))!;

    [Test]
    public void TheRecordCoversEveryInput()
    {
        var recorded = Record()["cases"]!.AsObject().Select(c => c.Key).Order(StringComparer.Ordinal);
        var inputs = Directory.EnumerateFiles(Folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.That(recorded, Is.EqualTo(inputs), "run Fixtures/Yaml/record-pyyaml.py after adding an input");
    }

    [TestCaseSource(nameof(Cases))]
    public void LoadsWhatPyYamlLoads_IntoTheSameDocuments(string name)
    {
        var verdict = Record()["cases"]![name]!;
        Assert.That(SourceText.TryDecode(File.ReadAllBytes(Path.Combine(Folder, name)), out var text, out var decodeError), Is.True, decodeError);
        var documents = new List<YamlDocument>();
        var error = YamlDocumentReader.Read(YamlTextRepair.Repair(text), (_, _) => true, documents);
        if (!verdict["loads"]!.GetValue<bool>())
        {
            Assert.Pass($"PyYAML refuses it ({verdict["error"]}); the reader {(error is null ? "loads it" : "refuses it too")}");
        }

        Assert.That(error, Is.Null, $"PyYAML loads {name}, the reader must too");
        var comparePositions = text.AsSpan().IndexOfAny('\u0085', '\u2028', '\u2029') < 0; // libyaml breaks lines there, editors do not
        var expected = verdict["documents"]!.AsArray().Select(d => d?.ToJsonString()).ToList();
        var actual = documents.Select(d => d.Root is null ? null : Json(d.Root, comparePositions, 0).ToJsonString()).ToList();
        // An empty scalar (a null nobody wrote) has no place of its own: only its value is compared.
        expected = expected.Select(e => e is null ? null : WithoutPositions(JsonNode.Parse(e)!, keepNonEmpty: comparePositions).ToJsonString()).ToList();

        if (Deviations.TryGetValue(name, out var why))
        {
            Assert.That(actual, Is.Not.EqualTo(expected), $"{name} is listed as a deviation ({why}) but now matches: remove it from the list");
            return;
        }

        Assert.That(actual, Is.EqualTo(expected));
    }

    /// <summary>The record's shape: ["=", value, line, column], ["[", ...], ["{", [key, value], ...]; aliases followed.</summary>
    private static JsonNode Json(YNode node, bool positions, int depth)
    {
        Assert.That(depth, Is.LessThan(200), "alias cycle");
        switch (node.Resolved)
        {
            case YScalar scalar:
                return positions && scalar.Value.Length > 0 ? new JsonArray("=", scalar.Value, scalar.StartLine, scalar.StartColumn) : new JsonArray("=", scalar.Value);
            case YSequence sequence:
                var items = new JsonArray("[");
                foreach (var item in sequence.Items)
                {
                    items.Add(Json(item, positions, depth + 1));
                }

                return items;
            case YMapping mapping:
                var entries = new JsonArray("{");
                foreach (var entry in mapping.Entries)
                {
                    entries.Add(new JsonArray(Json(entry.Key, positions, depth + 1), Json(entry.Value, positions, depth + 1)));
                }

                return entries;
            default:
                return new JsonArray("alias to nothing");
        }
    }

    private static JsonNode WithoutPositions(JsonNode node, bool keepNonEmpty)
    {
        var array = node.AsArray();
        if (array[0]!.GetValue<string>() == "=")
        {
            var value = array[1]!.GetValue<string>();
            return keepNonEmpty && value.Length > 0 ? JsonNode.Parse(array.ToJsonString())! : new JsonArray("=", value);
        }

        var copy = new JsonArray(array[0]!.GetValue<string>());
        foreach (var item in array.Skip(1))
        {
            copy.Add(item is JsonArray { Count: 2 } pair && array[0]!.GetValue<string>() == "{"
                ? new JsonArray(WithoutPositions(pair[0]!, keepNonEmpty), WithoutPositions(pair[1]!, keepNonEmpty))
                : WithoutPositions(item!, keepNonEmpty));
        }

        return copy;
    }
}
