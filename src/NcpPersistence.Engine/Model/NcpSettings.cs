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

/// <summary>The other keys the analysis reads: load-balancer gates and capacity (contract.md, "NCP fidelity additions").</summary>
public static class NcpGateKeys
{
    public const string K8sSection = "k8s";

    /// <summary><c>[nsx_v3]</c>: False means NCP creates no NSX load balancing at all.</summary>
    public const string UseNativeLoadBalancer = "use_native_loadbalancer";

    /// <summary><c>[nsx_v3]</c>: False means Ingresses that name no class are left to another controller.</summary>
    public const string DefaultIngressClassNsx = "default_ingress_class_nsx";

    /// <summary><c>[k8s]</c>: True lets NCP act on LoadBalancer custom resources (and <c>nsx/loadbalancer</c>).</summary>
    public const string EnableLbCrd = "enable_lb_crd";

    /// <summary><c>[nsx_v3]</c>: SMALL (default), MEDIUM or LARGE.</summary>
    public const string ServiceSize = "service_size";

    /// <summary><c>[nsx_v3]</c>: True (default) lets NCP add load balancers when one is full.</summary>
    public const string L4LbAutoScaling = "l4_lb_auto_scaling";

    /// <summary><c>[nsx_v3]</c>: the most layer-4 virtual servers NCP creates for the cluster.</summary>
    public const string MaxAllowedVirtualServers = "max_allowed_virtual_servers";
}

/// <summary>
/// The NCP configuration in force: a configuration's <c>[nsx_v3]</c> values, then the overrides on top
/// (settings-file cluster values, then command-line/MSBuild ones, which win), then NCP's defaults for what
/// is still unset; read for the NCP release the configuration runs on (null: the newest behaviour).
/// </summary>
public sealed class EffectiveNcpConfig
{
    /// <summary>Stacks <paramref name="overrides"/> (later ones win) on <paramref name="source"/>'s values.</summary>
    public static EffectiveNcpConfig Build(NcpConfigSource? source, IReadOnlyList<SettingOverride> overrides, NcpRelease? release = null)
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

            return FromFile(NcpIniDocument.PersistenceSection, key);
        }

        NcpSetting FromFile(string section, string key) =>
            source?.Effective(section, key) is { } entry
                ? new NcpSetting(key, entry.Value, SettingOriginKind.File, entry.KeySpan, null)
                : new NcpSetting(key, null, SettingOriginKind.Default, null, null);

        return new EffectiveNcpConfig(
            Setting(NcpKeys.L4Persistence),
            Setting(NcpKeys.L7Persistence),
            Setting(NcpKeys.CookieName),
            Setting(NcpKeys.L7PersistenceTimeout))
        {
            Release = release,
            UseNativeLoadBalancerSetting = FromFile(NcpIniDocument.PersistenceSection, NcpGateKeys.UseNativeLoadBalancer),
            DefaultIngressClassNsxSetting = FromFile(NcpIniDocument.PersistenceSection, NcpGateKeys.DefaultIngressClassNsx),
            EnableLbCrdSetting = FromFile(NcpGateKeys.K8sSection, NcpGateKeys.EnableLbCrd),
            ServiceSizeSetting = FromFile(NcpIniDocument.PersistenceSection, NcpGateKeys.ServiceSize),
            L4LbAutoScalingSetting = FromFile(NcpIniDocument.PersistenceSection, NcpGateKeys.L4LbAutoScaling),
            MaxAllowedVirtualServersSetting = FromFile(NcpIniDocument.PersistenceSection, NcpGateKeys.MaxAllowedVirtualServers),
            IngressControllerSetting = source?.NetworkProfile?.IngressController,
        };
    }

    public EffectiveNcpConfig(NcpSetting l4, NcpSetting l7, NcpSetting cookieName, NcpSetting l7Timeout)
    {
        L4Setting = l4;
        L7Setting = l7;
        CookieNameSetting = cookieName;
        L7TimeoutSetting = l7Timeout;
        UseNativeLoadBalancerSetting = Unset(NcpGateKeys.UseNativeLoadBalancer);
        DefaultIngressClassNsxSetting = Unset(NcpGateKeys.DefaultIngressClassNsx);
        EnableLbCrdSetting = Unset(NcpGateKeys.EnableLbCrd);
        ServiceSizeSetting = Unset(NcpGateKeys.ServiceSize);
        L4LbAutoScalingSetting = Unset(NcpGateKeys.L4LbAutoScaling);
        MaxAllowedVirtualServersSetting = Unset(NcpGateKeys.MaxAllowedVirtualServers);
    }

    private static NcpSetting Unset(string key) => new(key, null, SettingOriginKind.Default, null, null);

    public NcpSetting L4Setting { get; }
    public NcpSetting L7Setting { get; }
    public NcpSetting CookieNameSetting { get; }
    public NcpSetting L7TimeoutSetting { get; }

    /// <summary>The NCP release the configuration runs on; null: the newest behaviour.</summary>
    public NcpRelease? Release { get; private init; }

    public NcpSetting UseNativeLoadBalancerSetting { get; private init; }
    public NcpSetting DefaultIngressClassNsxSetting { get; private init; }
    public NcpSetting EnableLbCrdSetting { get; private init; }
    public NcpSetting ServiceSizeSetting { get; private init; }
    public NcpSetting L4LbAutoScalingSetting { get; private init; }
    public NcpSetting MaxAllowedVirtualServersSetting { get; private init; }

    /// <summary>A TKGI network profile's <c>nsx_ingress_controller</c> (null elsewhere): false leaves every Ingress to another controller.</summary>
    public NcpSetting? IngressControllerSetting { get; private init; }

    public PersistenceKind L4 => ParseL4(L4Setting.Value, Release);
    public PersistenceKind L7 => ParseL7(L7Setting.Value, Release);

    /// <summary>The layer-7 timeout NCP applies: the configured value when valid, else the default.</summary>
    public long L7Timeout => TryParseTimeout(L7TimeoutSetting.Value, out var seconds) ? seconds : NcpKeys.DefaultL7PersistenceTimeout;

    /// <summary>The cookie name NCP gives NSX: none before NCP 3.2 (the option does not exist there) or without cookie persistence.</summary>
    public string? EffectiveCookieName =>
        L7 == PersistenceKind.Cookie && CookieNameSetting.IsSet && NcpRelease.Has(Release, NcpVersion.CookieName) ? CookieNameSetting.Value : null;

    /// <summary><c>use_native_loadbalancer</c> (default True): false means no NSX load balancing from NCP.</summary>
    public bool NativeLoadBalancer => ParseBoolean(UseNativeLoadBalancerSetting.Value) ?? true;

    /// <summary><c>default_ingress_class_nsx</c> (default True).</summary>
    public bool DefaultIngressClassNsx => ParseBoolean(DefaultIngressClassNsxSetting.Value) ?? true;

    /// <summary>A TKGI network profile's <c>nsx_ingress_controller</c> (default true; only network profiles have it).</summary>
    public bool NcpIngressController => ParseBoolean(IngressControllerSetting?.Value) ?? true;

    /// <summary><c>[k8s] enable_lb_crd</c> (default False).</summary>
    public bool EnableLbCrd => ParseBoolean(EnableLbCrdSetting.Value) ?? false;

    /// <summary>Whether NCP acts on LoadBalancer custom resources: the CRD exists in the release and <c>enable_lb_crd</c> is True.</summary>
    public bool LoadBalancerCrd => EnableLbCrd && NcpRelease.Has(Release, NcpVersion.LoadBalancerCrd);

    /// <summary><c>service_size</c>: SMALL (the default, also for a value NCP does not know), MEDIUM or LARGE.</summary>
    public string ServiceSize => ServiceSizeSetting.Value is "SMALL" or "MEDIUM" or "LARGE" ? ServiceSizeSetting.Value : "SMALL";

    /// <summary><c>l4_lb_auto_scaling</c> (default True).</summary>
    public bool L4LbAutoScaling => ParseBoolean(L4LbAutoScalingSetting.Value) ?? true;

    /// <summary><c>max_allowed_virtual_servers</c>, or null for NCP's default (no limit).</summary>
    public long? MaxAllowedVirtualServers =>
        MaxAllowedVirtualServersSetting.Value is { } text && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var max) && max < long.MaxValue
            ? Math.Max(0, max)
            : null;

    /// <summary>The layer-4 persistence a value of <c>l4_persistence</c> gives, for the newest NCP.</summary>
    public static PersistenceKind ParseL4(string? value) => ParseL4(value, null);

    /// <summary>The layer-7 persistence a value of <c>l7_persistence</c> gives, for the newest NCP.</summary>
    public static PersistenceKind ParseL7(string? value) => ParseL7(value, null);

    /// <summary>
    /// <c>l4_persistence</c> as oslo.config checks it against NCP's choices: unset is none; an empty value is
    /// not a choice (NCP does not start); <c>None</c>/<c>NONE</c>/<c>none</c> are choices only from NCP 4.1.1.
    /// </summary>
    public static PersistenceKind ParseL4(string? value, NcpRelease? release) => value switch
    {
        null => PersistenceKind.None,
        "None" or "NONE" or "none" => NcpRelease.Has(release, NcpVersion.NoneValues) ? PersistenceKind.None : PersistenceKind.Invalid,
        "source_ip" => PersistenceKind.SourceIp,
        _ => PersistenceKind.Invalid,
    };

    /// <summary><c>l7_persistence</c>, as <see cref="ParseL4(string?, NcpRelease?)"/>, with <c>cookie</c> too.</summary>
    public static PersistenceKind ParseL7(string? value, NcpRelease? release) => value switch
    {
        "cookie" => PersistenceKind.Cookie,
        _ => ParseL4(value, release),
    };

    /// <summary>Whether <paramref name="value"/> is one of the none values, which NCP before 4.1.1 refuses.</summary>
    public static bool IsNoneValue(string? value) => value is "None" or "NONE" or "none";

    /// <summary>oslo.config's BoolOpt: true/1/on/yes and false/0/off/no, any letter case; null when unset or not a boolean.</summary>
    public static bool? ParseBoolean(string? value) => value?.ToLowerInvariant() switch
    {
        "true" or "1" or "on" or "yes" => true,
        "false" or "0" or "off" or "no" => false,
        _ => null,
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
