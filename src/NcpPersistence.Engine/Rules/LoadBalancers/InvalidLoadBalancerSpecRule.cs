using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.LoadBalancers;

/// <summary>
/// NCP3005: a LoadBalancer resource's <c>spec.httpConfig.affinity.type</c>, <c>affinity.timeout</c> or <c>spec.size</c> is not
/// a value NCP accepts. The CRD has no schema, so the API server accepts the object and only NCP fails on it.
/// </summary>
public sealed class InvalidLoadBalancerSpecRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP3005", "InvalidLoadBalancerSpec", "Ingress", Severity.Error, "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.File;

    public override void Analyze(Pass pass)
    {
        foreach (var loadBalancer in pass.File.LoadBalancers)
        {
            var name = $"LoadBalancer {loadBalancer.Id.QualifiedName}";
            if (loadBalancer.Size is { } size && size.Text is not ("SMALL" or "MEDIUM" or "LARGE"))
            {
                Report(pass, loadBalancer, size, "spec.size",
                    $"spec.size of {name} is {size.Display}, which is not a size NCP knows, so NCP cannot create the NSX load balancer. Use SMALL (the default), MEDIUM or LARGE (upper case)");
            }

            if (loadBalancer.AffinityType is { } type && type.Text is not ("source_ip" or "cookie"))
            {
                var hint = type.Text == "sourceIP" ? " (the TKGI documentation also spells it sourceIP, but NCP's own value is source_ip)" : "";
                Report(pass, loadBalancer, type, "spec.httpConfig.affinity.type",
                    $"spec.httpConfig.affinity.type of {name} is {type.Display}, which is not a persistence type NCP knows{hint}. Use source_ip or cookie, or remove the affinity for no persistence");
            }

            if (loadBalancer.AffinityTimeout is { } timeout && !IsTimeout(timeout))
            {
                Report(pass, loadBalancer, timeout, "spec.httpConfig.affinity.timeout",
                    $"spec.httpConfig.affinity.timeout of {name} is {timeout.Display}; it must be a whole number of seconds of at least 1, without quotes (the default is 10800)");
            }
        }
    }

    private static bool IsTimeout(LocatedScalar value) =>
        value is { IsPlain: true, Text: { } text }
        && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && seconds >= 1;

    private static void Report(Pass pass, LoadBalancerManifest loadBalancer, LocatedScalar value, string fieldPath, string message) =>
        pass.Report(new Diagnostic(Rule, message, value.Span, new[] { loadBalancer.Id }, fieldPath, subjects: new KubeObject[] { loadBalancer }));
}
