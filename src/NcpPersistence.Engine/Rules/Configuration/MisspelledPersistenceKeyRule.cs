using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1011: a key within edit distance 2 of a persistence key, which NCP silently ignores.</summary>
public sealed class MisspelledPersistenceKeyRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1011", "MisspelledPersistenceKey", "Configuration", Severity.Warning, "ncp-config", "correctness");

    private const int MaxDistance = 2;

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        if (pass.Configuration.Source is { } source)
        {
            foreach (var entry in source.Ini.Entries)
            {
                if (NcpKeys.IsPersistenceKey(entry.Key) || Closest(entry.Key) is not { } intended)
                {
                    continue;
                }

                pass.Report(ConfigFindings.AtEntry(Rule, source, entry,
                    $"'{entry.Key}' is not an NCP option, so NCP silently ignores it; did you mean '{intended}'? Rename the key to {intended}"));
            }
        }
    }

    internal static string? Closest(string key)
    {
        string? best = null;
        var bestDistance = MaxDistance + 1;
        foreach (var candidate in NcpKeys.All)
        {
            if (Math.Abs(candidate.Length - key.Length) > MaxDistance)
            {
                continue;
            }

            var distance = Levenshtein(key, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= MaxDistance ? best : null;
    }

    /// <summary>Classic two-row Levenshtein distance (keys are short; no library needed for 20 lines).</summary>
    internal static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
