namespace NcpPersistence.Diagnostics;

/// <summary>
/// The identity of a rule: stable ID, PascalCase name, category and default severity. Everything a
/// person reads about the rule (summary, description, how to fix) comes from its page
/// <c>docs/rules/&lt;ID&gt;.md</c> through <see cref="RuleDocumentation"/>, so the help text lives in one place.
/// </summary>
public sealed class RuleDescriptor
{
    public RuleDescriptor(string id, string name, string category, Severity defaultSeverity, params string[] tags)
    {
        Id = id;
        Name = name;
        Category = category;
        DefaultSeverity = defaultSeverity;
        Tags = tags;
    }

    public string Id { get; }
    public string Name { get; }
    public string Category { get; }
    public Severity DefaultSeverity { get; }
    public IReadOnlyList<string> Tags { get; }

    /// <summary>
    /// Whether the finding depends on the NCP configuration: its message then names the configuration(s)
    /// (and clusters) it holds under, and one finding checked under several configurations is reported once.
    /// </summary>
    public bool DependsOnConfiguration { get; init; }

    public RuleDocumentation Documentation => RuleDocumentation.For(Id);

    /// <summary>Project-relative path of the rule's page, used for help links.</summary>
    public string DocumentationPath => $"docs/rules/{Id}.md";

    public override string ToString() => $"{Id} {Name}";
}
