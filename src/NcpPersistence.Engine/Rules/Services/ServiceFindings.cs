using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Services;

/// <summary>Builds the diagnostics of the NCP2xxx rules, which all point into one Service.</summary>
internal static class ServiceFindings
{
    public static Diagnostic At(RuleDescriptor rule, ServiceManifest service, SourceSpan span, string fieldPath, string message, IReadOnlyList<RelatedLocation>? related = null) =>
        new(rule, message, span, new[] { service.Id }, fieldPath, related, subjects: new KubeObject[] { service });
}
