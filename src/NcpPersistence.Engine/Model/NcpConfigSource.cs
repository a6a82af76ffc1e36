using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>Where an NCP configuration text comes from, which also says how it is read.</summary>
public enum NcpConfigKind
{
    /// <summary>A standalone <c>ncp.ini</c> file, read by oslo.config.</summary>
    IniFile,

    /// <summary>The <c>ncp.ini</c> key of a ConfigMap NCP reads itself (<c>nsx-ncp-config</c>), read by oslo.config.</summary>
    ConfigMap,

    /// <summary>The <c>ncp.ini</c> key of <c>nsx-ncp-operator-config</c>: the NSX Container Plugin operator reads it with go-ini and renders NCP's file from it.</summary>
    OperatorConfigMap,

    /// <summary>A TKGI network profile (JSON): its parameters become NCP settings.</summary>
    NetworkProfile,
}

/// <summary>
/// One NCP configuration found in the analysis: the <c>ncp.ini</c> key of a ConfigMap, a standalone
/// <c>ncp.ini</c> file, or a TKGI network profile (whose parameters are given as <c>ncp.ini</c> entries
/// located in the JSON).
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
        Kind = ini.Flavour == IniFlavour.GoIni ? NcpConfigKind.OperatorConfigMap : configMap is null ? NcpConfigKind.IniFile : NcpConfigKind.ConfigMap;
    }

    /// <summary>A TKGI network profile.</summary>
    public NcpConfigSource(string file, ObjectId owner, NetworkProfile profile)
        : this(file, SourceSpan.FileStart(file), owner, profile.Ini, null)
    {
        NetworkProfile = profile;
        Kind = NcpConfigKind.NetworkProfile;
    }

    public string File { get; }

    public NcpConfigKind Kind { get; }

    /// <summary>The ConfigMap's <c>ncp.ini</c> key, or line 1 of a standalone file.</summary>
    public SourceSpan? Location { get; }

    /// <summary>The ConfigMap, or an <c>NcpIni</c> (<c>NetworkProfile</c>) reference to the standalone file.</summary>
    public ObjectId Owner { get; }

    /// <summary>The ConfigMap object, for annotation suppressions; null for a standalone file.</summary>
    public KubeObject? ConfigMap { get; }

    public NcpIniDocument Ini { get; }

    /// <summary>The network profile, for <see cref="NcpConfigKind.NetworkProfile"/>.</summary>
    public NetworkProfile? NetworkProfile { get; }

    /// <summary>The assignments NCP reads for persistence: section <c>[nsx_v3]</c>, the last one of each key.</summary>
    public IniEntry? Effective(string key) => Effective(NcpIniDocument.PersistenceSection, key);

    /// <summary>The assignment NCP reads for <paramref name="key"/> of <paramref name="section"/> (as the flavour names sections): the last one.</summary>
    public IniEntry? Effective(string section, string key)
    {
        IniEntry? found = null;
        foreach (var entry in Ini.Entries)
        {
            if (entry.Section == section && entry.Key == key)
            {
                found = entry;
            }
        }

        return found;
    }

    /// <summary>How messages name the text: <c>ncp.ini</c>, <c>the operator's ncp.ini</c>, <c>the network profile</c>.</summary>
    public string Describe() => Kind switch
    {
        NcpConfigKind.OperatorConfigMap => "the operator's ncp.ini",
        NcpConfigKind.NetworkProfile => "the network profile",
        _ => "ncp.ini",
    };
}
