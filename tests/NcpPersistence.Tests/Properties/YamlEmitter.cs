using System.Text;
using System.Text.RegularExpressions;

namespace NcpPersistence.Tests.Properties;

/// <summary>A tiny YAML tree the generators build and <see cref="YamlEmitter"/> writes with stable indentation.</summary>
public abstract record YamlNode;

/// <summary>A scalar, already written as YAML text (plain or double-quoted).</summary>
public sealed record YamlScalar(string Text) : YamlNode
{
    private static readonly Regex Plain = new("^[A-Za-z_/][A-Za-z0-9_./ -]*$", RegexOptions.CultureInvariant);
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "~",
    };

    /// <summary>A string: plain when YAML reads it back as the same string, double-quoted otherwise.</summary>
    public static YamlScalar Str(string value) =>
        Plain.IsMatch(value) && !Reserved.Contains(value) && !value.EndsWith(' ')
            ? new YamlScalar(value)
            : new YamlScalar("\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");

    public static YamlScalar Int(long value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A literal block scalar (<c>key: |</c>); its text ends with a newline.</summary>
public sealed record YamlBlock(string Text) : YamlNode;

public sealed record YamlSeq(IReadOnlyList<YamlNode> Items) : YamlNode
{
    public YamlSeq(params YamlNode[] items) : this((IReadOnlyList<YamlNode>)items)
    {
    }
}

public sealed record YamlMap(IReadOnlyList<KeyValuePair<string, YamlNode>> Entries) : YamlNode
{
    public YamlMap(params (string Key, YamlNode? Value)[] entries)
        : this(entries.Where(e => e.Value is not null).Select(e => KeyValuePair.Create(e.Key, e.Value!)).ToList())
    {
    }
}

public static class YamlEmitter
{
    private const int Step = 2;

    /// <summary>One document (a mapping at the root), ending with a newline.</summary>
    public static string Document(YamlMap root)
    {
        var builder = new StringBuilder();
        foreach (var line in MapLines(root, 0))
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>A multi-document stream: documents separated by <c>---</c>.</summary>
    public static string Stream(IEnumerable<YamlMap> documents) => string.Join("---\n", documents.Select(Document));

    /// <summary>The same tree with the keys of every mapping in a random order (sequences keep their order).</summary>
    public static YamlNode ShuffleKeys(YamlNode node, Random random) => node switch
    {
        YamlMap map => new YamlMap(Shuffled(map.Entries, random).Select(e => KeyValuePair.Create(e.Key, ShuffleKeys(e.Value, random))).ToList()),
        YamlSeq seq => new YamlSeq(seq.Items.Select(i => ShuffleKeys(i, random)).ToList()),
        _ => node,
    };

    public static List<T> Shuffled<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }

    private static IEnumerable<string> MapLines(YamlMap map, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var (key, value) in map.Entries)
        {
            switch (value)
            {
                case YamlScalar scalar:
                    yield return $"{pad}{key}: {scalar.Text}";
                    break;
                case YamlBlock block:
                    yield return $"{pad}{key}: |";
                    foreach (var line in block.Text.TrimEnd('\n').Split('\n'))
                    {
                        yield return line.Length == 0 ? "" : new string(' ', indent + Step) + line;
                    }

                    break;
                case YamlMap { Entries.Count: 0 }:
                    yield return $"{pad}{key}: {{}}";
                    break;
                case YamlSeq { Items.Count: 0 }:
                    yield return $"{pad}{key}: []";
                    break;
                case YamlMap child:
                    yield return $"{pad}{key}:";
                    foreach (var line in MapLines(child, indent + Step))
                    {
                        yield return line;
                    }

                    break;
                case YamlSeq seq:
                    yield return $"{pad}{key}:";
                    foreach (var line in SeqLines(seq, indent + Step))
                    {
                        yield return line;
                    }

                    break;
                default:
                    throw new InvalidOperationException($"cannot emit {value}");
            }
        }
    }

    /// <summary>Items as <c>- </c> at <paramref name="indent"/>; a mapping item starts on the dash line.</summary>
    private static IEnumerable<string> SeqLines(YamlSeq seq, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var item in seq.Items)
        {
            switch (item)
            {
                case YamlScalar scalar:
                    yield return $"{pad}- {scalar.Text}";
                    break;
                case YamlMap { Entries.Count: 0 }:
                    yield return $"{pad}- {{}}";
                    break;
                case YamlMap map:
                    var first = true;
                    foreach (var line in MapLines(map, indent + Step))
                    {
                        yield return first ? pad + "- " + line[(indent + Step)..] : line;
                        first = false;
                    }

                    break;
                default:
                    throw new InvalidOperationException($"cannot emit {item} in a sequence");
            }
        }
    }
}
