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

/// <summary>One effective setting with its origin (file and key position, override name, or default).</summary>
public sealed record NcpSetting(string Key, string? Value, SettingOriginKind Origin, SourceSpan? Span, string? OverrideName)
{
    public bool IsSet => !string.IsNullOrEmpty(Value);

    public string OriginDescription => Origin switch
    {
        SettingOriginKind.File when Span is { } span => $"{span.File}:{span.StartLine}",
        SettingOriginKind.Override => OverrideName ?? "override",
        _ => "default",
    };
}

/// <summary>
/// The NCP configuration in force: the primary configuration's <c>[nsx_v3]</c> values, then the
/// command-line/MSBuild overrides on top, then NCP's defaults for what is still unset.
/// </summary>
public sealed class EffectiveNcpConfig
{
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
