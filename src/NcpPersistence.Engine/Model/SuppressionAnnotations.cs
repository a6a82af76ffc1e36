namespace NcpPersistence.Model;

/// <summary>
/// The annotations that suppress findings on an object (<c>ignore-check.ncp-persistence.io/&lt;ID&gt;</c>,
/// <c>ncp-persistence.io/ignore-all</c>): the model keeps them on every object, the suppression engine applies them.
/// </summary>
public static class SuppressionAnnotations
{
    public const string IgnoreCheckPrefix = "ignore-check.ncp-persistence.io/";
    public const string IgnoreAll = "ncp-persistence.io/ignore-all";

    public static bool IsSuppression(string key) =>
        key == IgnoreAll || key.StartsWith(IgnoreCheckPrefix, StringComparison.Ordinal);
}
