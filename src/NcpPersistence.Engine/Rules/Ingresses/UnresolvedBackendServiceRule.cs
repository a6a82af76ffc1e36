using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Ingresses;

/// <summary>NCP3002: an NCP-handled Ingress or Route names a Service that is not among the analysed manifests of its scope; once per (Ingress or Route, Service).</summary>
public sealed class UnresolvedBackendServiceRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP3002", "UnresolvedBackendService", "Ingress", Severity.Warning, "completeness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        var missing = pass.View.Backends
            .Where(b => b.Services.Count == 0)
            .GroupBy(b => (FrontEnd: (KubeObject)b.FrontEnd, b.Backend.ServiceName.Value), b => b);
        foreach (var references in missing)
        {
            var first = references.First();
            var ingress = first.FrontEnd;
            var serviceName = first.Backend.ServiceName.Value;
            var others = references.Skip(1).Select(r => new RelatedLocation(r.Backend.ServiceName.Span, $"another reference to Service {serviceName}")).ToList();
            var more = others.Count == 0 ? "" : $" (and {others.Count} more reference{(others.Count == 1 ? "" : "s")} in this {ingress.Kind})";
            pass.Report(new Diagnostic(
                Rule,
                $"{ingress.Kind} {ingress.Id.QualifiedName} routes to Service {ingress.Namespace}/{serviceName}{more}, which is not among the analysed manifests, so the persistence of its layer-4 and layer-7 virtual servers cannot be checked against each other. Add the folder that defines the Service to the analysis, or fix the name if it is misspelt",
                first.Backend.ServiceName.Span,
                new[] { ingress.Id },
                first.Backend.FieldPath,
                others,
                subjects: new KubeObject[] { ingress }));
        }
    }
}
