using System.Text.Json;
using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>A JSON value of a network profile, with where it is written (UTF-16 columns, as every span).</summary>
/// <param name="Kind">The JSON kind (String, Number, True, False, Null, Object, Array).</param>
/// <param name="Text">The string's content for a string, the literal as written for a number, true, false or null; empty for objects and arrays.</param>
/// <param name="Span">The value: from its first character (the opening quote, brace or bracket) to just after its last.</param>
/// <param name="NameSpan">The member name that holds it (its quotes included), or the value itself for an array item.</param>
/// <param name="Path">The member path, e.g. <c>parameters.cni_configurations.parameters.nsx_lb</c>.</param>
public sealed record JsonValue(JsonValueKind Kind, string Text, SourceSpan Span, SourceSpan NameSpan, string Path)
{
    /// <summary>The members of an object, in the order written (a repeated name: the last one counts, as Go's encoding/json).</summary>
    public IReadOnlyList<(string Name, JsonValue Value)> Members { get; init; } = Array.Empty<(string, JsonValue)>();

    public JsonValue? Get(string name)
    {
        JsonValue? found = null;
        foreach (var (memberName, value) in Members)
        {
            if (memberName == name)
            {
                found = value;
            }
        }

        return found;
    }

    /// <summary>How messages show the value: a string quoted, anything else as written.</summary>
    public string Display => Kind switch
    {
        JsonValueKind.String => $"\"{Text}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => Text,
    };
}

/// <summary>A JSON syntax error, or a network profile whose root is not an object.</summary>
public sealed record NetworkProfileProblem(string Message, SourceSpan Span);

/// <summary>
/// A TKGI network profile (<c>tkgi create-network-profile FILE.json</c>): the parameters that configure NCP's
/// load balancing, with their positions, and the same settings as <c>ncp.ini</c> entries (<see cref="Ini"/>) so the
/// analysis reads them as it reads <c>ncp.ini</c>. TKGI's own validation of these parameters is NCP1014's.
/// </summary>
public sealed class NetworkProfile
{
    public const string CniParametersPath = "parameters.cni_configurations.parameters";

    internal NetworkProfile(JsonValue? root, IReadOnlyList<NetworkProfileProblem> problems, NcpIniDocument ini)
    {
        Root = root;
        Problems = problems;
        Ini = ini;
        var cni = root?.Get("parameters")?.Get("cni_configurations")?.Get("parameters");
        CniParameters = cni?.Kind == JsonValueKind.Object ? cni : null;
        Name = root?.Get("name") is { Kind: JsonValueKind.String } name ? name.Text : null;
        IngressController = CniParameters?.Get("nsx_ingress_controller") is { Kind: JsonValueKind.True or JsonValueKind.False } controller
            ? new NcpSetting("nsx_ingress_controller", controller.Kind == JsonValueKind.True ? "True" : "False", SettingOriginKind.File, controller.Span, null)
            : null;
    }

    /// <summary>The whole document, or null when it is not valid JSON.</summary>
    public JsonValue? Root { get; }

    /// <summary><c>parameters.cni_configurations.parameters</c>, when it is an object.</summary>
    public JsonValue? CniParameters { get; }

    /// <summary>The profile's <c>name</c>.</summary>
    public string? Name { get; }

    public IReadOnlyList<NetworkProfileProblem> Problems { get; }

    /// <summary>The profile's NCP settings as <c>ncp.ini</c> entries located in the JSON.</summary>
    public NcpIniDocument Ini { get; }

    /// <summary><c>nsx_ingress_controller</c> when it is a boolean.</summary>
    public NcpSetting? IngressController { get; }

    public JsonValue? L4PersistenceType => CniParameters?.Get("l4_persistence_type");

    public JsonValue? IngressPersistenceSettings => CniParameters?.Get("ingress_persistence_settings");

    public JsonValue? NsxLb => CniParameters?.Get("nsx_lb");

    public JsonValue? NsxIngressController => CniParameters?.Get("nsx_ingress_controller");

    public JsonValue? MaxL4LbService => CniParameters?.Get("max_l4_lb_service");

    /// <summary>The top-level <c>parameters.lb_size</c> (<c>small</c>, <c>medium</c>, <c>large</c>).</summary>
    public JsonValue? LbSize => Root?.Get("parameters")?.Get("lb_size");
}
