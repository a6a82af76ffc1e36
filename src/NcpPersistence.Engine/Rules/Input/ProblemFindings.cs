using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>The input rules report what the loader met; this turns one kind of load problem into diagnostics.</summary>
internal static class ProblemFindings
{
    public static void Report(Pass pass, RuleDescriptor rule, LoadProblemKind kind, Func<LoadProblem, string> message)
    {
        foreach (var file in pass.Model.Files)
        {
            foreach (var problem in file.Problems)
            {
                if (problem.Kind == kind)
                {
                    var objects = problem.Object is null ? null : new[] { problem.Object };
                    var fieldPath = problem.FieldPath.Length > 0 ? problem.FieldPath : "file:" + pass.Model.Context.RepositoryRelative(problem.Span.File);
                    pass.Report(new Diagnostic(rule, Capitalize(message(problem)), problem.Span, objects, fieldPath, details: problem.Details) { Build = file.Build });
                }
            }
        }
    }

    /// <summary>Messages are sentences; loader texts start lower-case so they can be embedded.</summary>
    public static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
