using FsCheck;
using FsCheck.Fluent;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace NcpPersistence.Tests.Properties;

/// <summary>
/// Invariances of the analysis over random valid manifest sets: how files are named, split and
/// ordered, how keys are ordered, what irrelevant documents lie around, and how many threads read
/// them never changes the findings (compared as the multiset of rule ID and semantic key, since
/// lines and files legitimately move).
/// A failure prints FsCheck's replay seed: put it as <c>Replay = "..."</c> into the property's
/// attribute to rerun exactly that case; the case shown is already shrunk (fewer objects, rules, paths).
/// </summary>
[TestFixture]
[Category("Properties")]
public sealed class InvarianceProperties
{
    private const int Cases = 100;

    [Property(MaxTest = Cases)]
    public Property FileOrder_DoesNotChangeFindings() => ForEachSet(set =>
    {
        var random = new Random(set.Seed);
        var documents = YamlEmitter.Shuffled(set.Documents(), random);
        var files = Layouts.RandomGroups(documents, random, lists: true);
        using var reference = Workspace.Write(files);
        using var renamed = Workspace.Write(Layouts.PermuteNames(files, random));
        Compare("file names in another order", reference, renamed);
    });

    [Property(MaxTest = Cases)]
    public Property Splitting_DoesNotChangeFindings() => ForEachSet(set =>
    {
        var random = new Random(set.Seed);
        var documents = set.Documents();
        using var oneFile = Workspace.Write(Layouts.OneFile(documents));
        using var perDocument = Workspace.Write(Layouts.OneFilePerDocument(documents));
        using var grouped = Workspace.Write(Layouts.RandomGroups(documents, random, lists: true));
        var expected = Valid(oneFile);
        Findings.RequireEqual("one file per document", expected, oneFile, Findings.Multiset(perDocument.Analyze()), perDocument);
        Findings.RequireEqual("random groups and kind: List", expected, oneFile, Findings.Multiset(grouped.Analyze()), grouped);
    });

    [Property(MaxTest = Cases)]
    public Property KeyOrder_DoesNotChangeFindings() => ForEachSet(set =>
    {
        var random = new Random(set.Seed);
        var files = Layouts.RandomGroups(set.Documents(), random, lists: true);
        using var reference = Workspace.Write(files);
        using var shuffled = Workspace.Write(Layouts.ShuffleKeys(files, random));
        Compare("keys of every mapping shuffled", reference, shuffled);
    });

    [Property(MaxTest = Cases)]
    public Property IrrelevantDocuments_DoNotChangeFindings() => ForEachSet(set =>
    {
        var random = new Random(set.Seed);
        var documents = set.Documents();
        var extras = (set.Extras.Count > 0 ? set : set with { Extras = Enum.GetValues<ExtraKind>() }).ExtraDocuments();

        // the extras go anywhere; the relevant documents keep their relative order
        var mixed = documents.ToList();
        foreach (var extra in extras)
        {
            mixed.Insert(random.Next(mixed.Count + 1), extra);
        }

        using var reference = Workspace.Write(Layouts.OneFilePerDocument(documents));
        using var cluttered = Workspace.Write(Layouts.RandomGroups(mixed, random, lists: true));
        Compare("irrelevant documents added", reference, cluttered);
    });

    [Property(MaxTest = Cases)]
    public Property Parallelism_DoesNotChangeOrderedOutput() => ForEachSet(set =>
    {
        var random = new Random(set.Seed);
        var mixed = set.Documents().Concat(set.ExtraDocuments()).ToList();
        using var workspace = Workspace.Write(Layouts.RandomGroups(YamlEmitter.Shuffled(mixed, random), random, lists: true));
        var sequential = workspace.Analyze(threads: 1);
        Findings.RequireValid(sequential, workspace);
        var parallel = workspace.Analyze(threads: 4);
        Findings.RequireEqual(
            "MaxDegreeOfParallelism 4 vs 1 (full rendered output, in order)",
            Findings.Rendered(sequential, workspace.Root),
            workspace,
            Findings.Rendered(parallel, workspace.Root),
            workspace);
    });

    /// <summary>The check over <see cref="ManifestGenerators"/>' sets; a failing set is shrunk before it is shown.</summary>
    private static Property ForEachSet(Action<ManifestSet> check) => Prop.ForAll(ManifestArbitraries.ManifestSet(), check);

    private static List<string> Valid(Workspace workspace)
    {
        var result = workspace.Analyze();
        Findings.RequireValid(result, workspace);
        return Findings.Multiset(result);
    }

    private static void Compare(string what, Workspace reference, Workspace variant) =>
        Findings.RequireEqual(what, Valid(reference), reference, Findings.Multiset(variant.Analyze()), variant);
}
