using System.Text;

namespace NcpPersistence.Model;

/// <summary>
/// Where a value sits in an object: <c>spec.rules[0].http.paths[1].backend.service.name</c>. Kept as
/// segments, so a position map can find the same field in another document (the base resource or the
/// patch of a Kustomize build); <see cref="ToString"/> is the form findings and fingerprints carry.
/// </summary>
public sealed class FieldPath
{
    public static readonly FieldPath Root = new(null, null, -1);

    private readonly FieldPath? parent;

    private FieldPath(FieldPath? parent, string? key, int index)
    {
        this.parent = parent;
        KeyName = key;
        Index = index;
    }

    /// <summary>The mapping key of the last segment, or null for a list index (and for the root).</summary>
    public string? KeyName { get; }

    /// <summary>The list index of the last segment, or -1.</summary>
    public int Index { get; }

    public bool IsRoot => parent is null;

    public FieldPath Key(string key) => new(this, key, -1);

    public FieldPath Item(int index) => new(this, null, index);

    /// <summary>The segments from the root.</summary>
    public IReadOnlyList<FieldPath> Segments
    {
        get
        {
            var segments = new List<FieldPath>();
            for (var current = this; current.parent is not null; current = current.parent)
            {
                segments.Add(current);
            }

            segments.Reverse();
            return segments;
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var segment in Segments)
        {
            if (segment.KeyName is { } key)
            {
                if (key.IndexOfAny(Special) >= 0)
                {
                    builder.Append('[').Append(key).Append(']');
                }
                else
                {
                    if (builder.Length > 0)
                    {
                        builder.Append('.');
                    }

                    builder.Append(key);
                }
            }
            else
            {
                builder.Append('[').Append(segment.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return builder.ToString();
    }

    private static readonly char[] Special = { '.', '/', '[', ']' };
}
