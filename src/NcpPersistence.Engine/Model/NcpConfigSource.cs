using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>
/// One NCP configuration found in the analysis: the <c>ncp.ini</c> key of a ConfigMap, a
/// standalone <c>ncp.ini</c> file, or the command-line/MSBuild overrides.
/// </summary>
public sealed class NcpConfigSource
{
    public NcpConfigSource(string file, SourceSpan? location, ObjectId owner, NcpIniDocument ini, KubeObject? configMap)
    {
        File = file;
        Location = location;
        Owner = owner;
        Ini = ini;
        ConfigMap = configMap;
    }

    public string File { get; }

    /// <summary>The ConfigMap's <c>ncp.ini</c> key, or line 1 of a standalone file.</summary>
    public SourceSpan? Location { get; }

    /// <summary>The ConfigMap, or an <c>NcpIni</c> reference to the standalone file.</summary>
    public ObjectId Owner { get; }

    /// <summary>The ConfigMap object, for annotation suppressions; null for a standalone file.</summary>
    public KubeObject? ConfigMap { get; }

    public NcpIniDocument Ini { get; }

    /// <summary>The assignments NCP reads for persistence: section <c>[nsx_v3]</c>, the last one of each key.</summary>
    public IniEntry? Effective(string key)
    {
        IniEntry? found = null;
        foreach (var entry in Ini.Entries)
        {
            if (entry.Section == NcpIniDocument.PersistenceSection && entry.Key == key)
            {
                found = entry;
            }
        }

        return found;
    }
}
