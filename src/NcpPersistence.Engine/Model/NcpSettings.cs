using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>The four persistence keys of <c>[nsx_v3]</c>.</summary>
public static class NcpKeys
{
    public const string L4Persistence = "l4_persistence";
    public const string L7Persistence = "l7_persistence";
    public const string CookieName = "cookie_name";
    public const string L7PersistenceTimeout = "l7_persistence_timeout";

    public static readonly IReadOnlyList<string> All = new[] { L4Persistence, L7Persistence, CookieName, L7PersistenceTimeout };

    public static bool IsPersistenceKey(string key) => key is L4Persistence or L7Persistence or CookieName or L7PersistenceTimeout;

    /// <summary>The documentation placeholder of sample files; uncommented, NCP reads it as a string.</summary>
    public const string Placeholder = "<None>";

    public const int DefaultL7PersistenceTimeout = 10800;
    public const int DefaultAffinityTimeout = 10800;
    public const int MaxAffinityTimeout = 86400;
}

public enum PersistenceKind
{
    None,
    SourceIp,
    Cookie,

    /// <summary>A value NCP does not accept (reported by NCP1001/NCP1002); treated as none elsewhere.</summary>
    Invalid,
}

/// <summary>Where an effective value came from.</summary>
public enum SettingOriginKind
{
    Default,
    File,
    Override,
}

/// <summary>
/// One effective setting with its origin: the ncp.ini key (file position), an override (the option or
/// property name; a settings-file override also has its position), or NCP's default.
/// </summary>
public sealed record NcpSetting(string Key, string? Value, SettingOriginKind Origin, SourceSpan? Span, string? OverrideName)
{
    public bool IsSet => !string.IsNullOrEmpty(Value);
}

/// <summary>
/// A value given for a persistence key outside ncp.ini: a command-line option or MSBuild property
/// (<paramref name="Name"/> is what the user typed, no position), or a cluster of the settings file
/// (<paramref name="Name"/> like <c>clusters[prod].l4Persistence</c>, with the value's position).
/// </summary>
public sealed record SettingOverride(string Key, string Value, string Name, SourceSpan? Span = null);

/// <summary>
/// The NCP configuration in force: a configuration's <c>[nsx_v3]</c> values, then the overrides on top
/// (settings-file cluster values, then command-line/MSBuild ones, which win), then NCP's defaults for what is still unset.
/// </summary>
public sealed class EffectiveNcpConfig
{
    /// <summary>Stacks <paramref name="overrides"/> (later ones win) on <paramref name="source"/>'s values.</summary>
    public static EffectiveNcpConfig Build(NcpConfigSource? source, IReadOnlyList<SettingOverride> overrides)
    {
        NcpSetting Setting(string key)
        {
            for (var i = overrides.Count - 1; i >= 0; i--)
            {
                if (overrides[i].Key == key)
                {
                    return new NcpSetting(key, overrides[i].Value, SettingOriginKind.Override, overrides[i].Span, overrides[i].Name);
                }
            }

            if (source?.Effective(key) is { } entry)
            {
                return new NcpSetting(key, entry.Value, SettingOriginKind.File, entry.KeySpan, null);
            }

            return new NcpSetting(key, null, SettingOriginKind.Default, null, null);
        }

        return new EffectiveNcpConfig(
            Setting(NcpKeys.L4Persistence),
            Setting(NcpKeys.L7Persistence),
            Setting(NcpKeys.CookieName),
            Setting(NcpKeys.L7PersistenceTimeout));
    }

    public EffectiveNcpConfig(NcpSetting l4, NcpSetting l7, NcpSetting cookieName, NcpSetting l7Timeout)
    {
        L4Setting = l4;
        L7Setting = l7;
        CookieNameSetting = cookieName;
        L7TimeoutSetting = l7Timeout;
    }

    public NcpSetting L4Setting { get; }
    public NcpSetting L7Setting { get; }
    public NcpSetting CookieNameSetting { get; }
    public NcpSetting L7TimeoutSetting { get; }

    public PersistenceKind L4 => ParseL4(L4Setting.Value);
    public PersistenceKind L7 => ParseL7(L7Setting.Value);

    /// <summary>The layer-7 timeout NCP applies: the configured value when valid, else the default.</summary>
    public long L7Timeout => TryParseTimeout(L7TimeoutSetting.Value, out var seconds) ? seconds : NcpKeys.DefaultL7PersistenceTimeout;

    public static PersistenceKind ParseL4(string? value) => value switch
    {
        null or "" or "None" or "NONE" or "none" => PersistenceKind.None,
        "source_ip" => PersistenceKind.SourceIp,
        _ => PersistenceKind.Invalid,
    };

    public static PersistenceKind ParseL7(string? value) => value switch
    {
        null or "" or "None" or "NONE" or "none" => PersistenceKind.None,
        "source_ip" => PersistenceKind.SourceIp,
        "cookie" => PersistenceKind.Cookie,
        _ => PersistenceKind.Invalid,
    };

    /// <summary>oslo.config's IntOpt: an optional sign and digits; NCP needs at least 1.</summary>
    public static bool TryParseTimeout(string? value, out long seconds)
    {
        seconds = 0;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var digits = value[0] is '+' or '-' ? value.Substring(1) : value;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var negative = value[0] == '-';
        var trimmed = digits.TrimStart('0');
        if (trimmed.Length == 0 || negative)
        {
            return false;
        }

        seconds = trimmed.Length > 18 ? long.MaxValue : long.Parse(trimmed, System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    public static string Describe(PersistenceKind kind) => kind switch
    {
        PersistenceKind.SourceIp => "source_ip",
        PersistenceKind.Cookie => "cookie",
        _ => "none",
    };
}
