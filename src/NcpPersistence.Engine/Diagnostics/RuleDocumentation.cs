using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace NcpPersistence.Diagnostics;

/// <summary>
/// A rule's help text, read from its page <c>docs/rules/&lt;ID&gt;.md</c>, which is embedded in the
/// engine assembly at build time. The page's "## Summary" becomes the short description and
/// "## Cause" the full description (the SARIF writer and the console use both).
/// </summary>
public sealed class RuleDocumentation
{
    private static readonly ConcurrentDictionary<string, RuleDocumentation> Cache = new(StringComparer.Ordinal);

    private RuleDocumentation(string id, string markdown)
    {
        Id = id;
        Markdown = markdown;
        Summary = Section(markdown, "Summary") ?? id;
        Cause = Section(markdown, "Cause") ?? Summary;
    }

    public string Id { get; }

    /// <summary>The whole page.</summary>
    public string Markdown { get; }

    /// <summary>One standalone sentence.</summary>
    public string Summary { get; }

    /// <summary>One paragraph saying exactly when the rule fires.</summary>
    public string Cause { get; }

    /// <summary>The page as plain text (Markdown markup removed where it is only decoration).</summary>
    public string PlainText => ToPlainText(Markdown);

    public static RuleDocumentation For(string id) => Cache.GetOrAdd(id, Load);

    private static RuleDocumentation Load(string id)
    {
        var assembly = typeof(RuleDocumentation).Assembly;
        using var stream = assembly.GetManifestResourceStream($"NcpPersistence.Docs.{id}.md");
        if (stream is null)
        {
            return new RuleDocumentation(id, $"# {id}\n\n## Summary\n\nNo documentation page is embedded for {id}.\n");
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new RuleDocumentation(id, reader.ReadToEnd().Replace("\r\n", "\n"));
    }

    /// <summary>The text of the first paragraph under "## <paramref name="heading"/>", joined into one line.</summary>
    internal static string? Section(string markdown, string heading)
    {
        var marker = "\n## " + heading + "\n";
        var start = ("\n" + markdown).IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var lines = markdown.Substring(start + marker.Length - 1).Split('\n');
        var paragraph = new List<string>();
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                if (paragraph.Count > 0)
                {
                    break;
                }

                continue;
            }

            if (trimmed.StartsWith("#", StringComparison.Ordinal))
            {
                break;
            }

            paragraph.Add(trimmed);
        }

        return paragraph.Count == 0 ? null : string.Join(" ", paragraph);
    }

    private static string ToPlainText(string markdown)
    {
        var builder = new StringBuilder(markdown.Length);
        foreach (var line in markdown.Split('\n'))
        {
            var text = line.TrimStart('#', ' ');
            builder.Append(line.StartsWith("#", StringComparison.Ordinal) ? text : line).Append('\n');
        }

        return builder.ToString().TrimEnd() + "\n";
    }
}
