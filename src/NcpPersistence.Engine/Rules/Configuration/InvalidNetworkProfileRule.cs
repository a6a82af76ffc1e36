using System.Text.Json;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>
/// NCP1014: a TKGI network profile that TKGI refuses (<c>tkgi create-network-profile</c> fails, or the cluster is not
/// updated): invalid JSON, or an invalid load-balancing parameter. Reported at the JSON value, exact line and column.
/// </summary>
public sealed class InvalidNetworkProfileRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1014", "InvalidNetworkProfile", "Configuration", Severity.Error, "ncp-config", "correctness");

    /// <summary>ncp.ini keys that a network profile sets with its own parameters; TKGI refuses them in <c>extensions</c>.</summary>
    private static readonly IReadOnlyDictionary<string, string> ExplicitParameters = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [NcpKeys.L4Persistence] = "l4_persistence_type",
        [NcpKeys.L7Persistence] = "ingress_persistence_settings.persistence_type",
        [NcpKeys.L7PersistenceTimeout] = "ingress_persistence_settings.persistence_timeout",
        [NcpGateKeys.UseNativeLoadBalancer] = "nsx_lb",
    };

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        if (pass.Configuration.Source is not { NetworkProfile: { } profile } source)
        {
            return;
        }

        void Report(SourceSpan span, string path, string message) =>
            pass.Report(new Diagnostic(Rule, $"This network profile is invalid: {message}", span, new[] { source.Owner }, "networkProfile." + path));

        foreach (var problem in profile.Problems)
        {
            Report(problem.Span, "", problem.Message);
        }

        if (profile.Root is not { } root)
        {
            return;
        }

        var parameters = root.Get("parameters");
        if (parameters is not null && parameters.Kind != JsonValueKind.Object)
        {
            Report(parameters.Span, parameters.Path, $"parameters is {parameters.Display}; it must be an object");
            return;
        }

        if (profile.LbSize is { } size && !(size.Kind == JsonValueKind.String && size.Text.ToLowerInvariant() is "small" or "medium" or "large"))
        {
            Report(size.Span, size.Path, $"lb_size is {size.Display}; TKGI accepts \"small\", \"medium\" or \"large\"");
        }

        var cni = parameters?.Get("cni_configurations")?.Get("parameters");
        if (cni is null)
        {
            return;
        }

        if (cni.Kind != JsonValueKind.Object)
        {
            Report(cni.Span, cni.Path, $"cni_configurations.parameters is {cni.Display}; it must be an object");
            return;
        }

        var release = pass.Configuration.Release;
        if (profile.L4PersistenceType is { } l4 && !(l4.Kind == JsonValueKind.String && l4.Text == "source_ip"))
        {
            Report(l4.Span, l4.Path, $"l4_persistence_type is {l4.Display}; TKGI accepts only \"source_ip\" (leave the parameter out for no layer-4 persistence)");
        }

        if (profile.IngressPersistenceSettings is { } settings)
        {
            CheckIngressPersistence(settings, release, Report);
        }

        Boolean(profile.NsxLb, "nsx_lb", Report);
        Boolean(profile.NsxIngressController, "nsx_ingress_controller", Report);
        if (profile.NsxLb is { Kind: JsonValueKind.False } && profile.NsxIngressController is { Kind: JsonValueKind.True } controller)
        {
            Report(controller.Span, controller.Path, "nsx_ingress_controller is true while nsx_lb is false; TKGI refuses the NCP ingress controller without the NSX load balancer. Set nsx_ingress_controller to false");
        }

        if (profile.MaxL4LbService is { } max && !IsInteger(max, out _))
        {
            Report(max.Span, max.Path, $"max_l4_lb_service is {max.Display}; it must be an integer of at least 1");
        }

        foreach (var entry in source.Ini.Entries.Where(e => e.ProfileParameter is null && e.Section == NcpIniDocument.PersistenceSection))
        {
            if (ExplicitParameters.TryGetValue(entry.Key, out var parameter))
            {
                pass.Report(new Diagnostic(Rule,
                    $"This network profile is invalid: extensions.ncp.nsx_v3.{entry.Key} sets an NCP option that the profile has a parameter for, and TKGI does not let extensions configure those. Use {parameter} instead",
                    entry.KeySpan, new[] { source.Owner }, "networkProfile.extensions.ncp.nsx_v3." + entry.Key));
            }
        }
    }

    private static void CheckIngressPersistence(JsonValue settings, NcpRelease? release, Action<SourceSpan, string, string> report)
    {
        if (settings.Kind != JsonValueKind.Object)
        {
            report(settings.Span, settings.Path, $"ingress_persistence_settings is {settings.Display}; it must be an object with persistence_type and persistence_timeout");
            return;
        }

        var type = settings.Get("persistence_type");
        var timeout = settings.Get("persistence_timeout");
        if ((type is null) != (timeout is null))
        {
            var (present, missing) = type is null ? (timeout!, "persistence_type") : (type, "persistence_timeout");
            report(present.Span, present.Path, $"ingress_persistence_settings has {present.Path.Split('.')[^1]} without {missing}; TKGI requires the two together (set both, or neither)");
        }

        if (type is not null)
        {
            if (type.Kind != JsonValueKind.String)
            {
                report(type.Span, type.Path, $"persistence_type is {type.Display}; it must be \"cookie\", \"source_ip\" or \"none\"");
            }
            else if (type.Text.Length == 0)
            {
                report(type.Span, type.Path, "persistence_type is empty, which TKGI does not accept; write \"cookie\", \"source_ip\" or \"none\", or leave out ingress_persistence_settings");
            }
            else if (type.Text == "none" && !NcpRelease.Has(release, NcpVersion.NoneValues))
            {
                report(type.Span, type.Path, $"persistence_type \"none\" is accepted only from TKGI 1.16.1 with NCP 4.1.1, and this configuration runs {release!.Describe()}; leave out ingress_persistence_settings for no layer-7 persistence");
            }
            else if (type.Text is not ("cookie" or "source_ip" or "none"))
            {
                report(type.Span, type.Path, $"persistence_type is {type.Display}; TKGI accepts \"cookie\", \"source_ip\" or \"none\" (case-sensitive)");
            }
        }

        if (timeout is not null && !IsInteger(timeout, out _))
        {
            report(timeout.Span, timeout.Path, $"persistence_timeout is {timeout.Display}; it must be an integer number of seconds of at least 1, without quotes");
        }
    }

    private static void Boolean(JsonValue? value, string name, Action<SourceSpan, string, string> report)
    {
        if (value is not null && value.Kind is not (JsonValueKind.True or JsonValueKind.False))
        {
            report(value.Span, value.Path, $"{name} is {value.Display}; it must be true or false, without quotes");
        }
    }

    /// <summary>A JSON integer (no fraction, no exponent) of at least 1.</summary>
    private static bool IsInteger(JsonValue value, out long number)
    {
        number = 0;
        return value.Kind == JsonValueKind.Number
            && long.TryParse(value.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out number)
            && number >= 1;
    }
}
