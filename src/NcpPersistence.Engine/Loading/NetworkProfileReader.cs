using System.Text;
using System.Text.Json;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Loading;

/// <summary>
/// Reads a TKGI network profile (contract.md, "NCP fidelity additions"): JSON as Go's encoding/json takes it
/// (no comments, no trailing commas), every value with its exact line and UTF-16 column. Utf8JsonReader gives
/// byte offsets; they are mapped to lines (after each <c>\n</c>) and to columns by counting the UTF-16 code
/// units of the line's bytes before the offset, so a column is right after non-ASCII text and surrogate pairs.
/// </summary>
public static class NetworkProfileReader
{
    /// <summary>Whether a file name is a network profile that discovery picks up: <c>*network-profile*.json</c>.</summary>
    public static bool IsNetworkProfileName(string fileName) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        && fileName.Contains("network-profile", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a JSON text given explicitly (a path, <c>--config</c>) is a network profile rather than a
    /// Kubernetes manifest written in JSON: an object that has <c>parameters</c> and no <c>apiVersion</c>/<c>kind</c>.
    /// </summary>
    public static bool LooksLikeNetworkProfile(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("parameters", out _)
                && !root.TryGetProperty("apiVersion", out _) && !root.TryGetProperty("kind", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether a JSON text is a Kubernetes object (it has <c>apiVersion</c> and <c>kind</c>): such a file is a manifest, whatever its name.</summary>
    public static bool LooksLikeKubernetesObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("apiVersion", out _) && root.TryGetProperty("kind", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static NetworkProfile Read(string file, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new LineMap(file, bytes);
        var problems = new List<NetworkProfileProblem>();
        JsonValue? root = null;
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 64 });
            if (reader.Read())
            {
                root = ReadValue(ref reader, lines, "", null);
                if (reader.Read())
                {
                    throw new JsonException("there is more after the end of the JSON document");
                }
            }
            else
            {
                problems.Add(new NetworkProfileProblem("the file is empty; a network profile is a JSON object with 'name' and 'parameters'", SourceSpan.FileStart(file)));
            }
        }
        catch (JsonException exception)
        {
            var line = (int)(exception.LineNumber ?? 0);
            var column = lines.Column(line, (int)(exception.BytePositionInLine ?? 0));
            root = null;
            problems.Add(new NetworkProfileProblem($"the file is not valid JSON: {CleanMessage(exception.Message)}", SourceSpan.At(file, line + 1, column)));
        }

        if (root is { Kind: not JsonValueKind.Object })
        {
            problems.Add(new NetworkProfileProblem($"the network profile is {root.Display}; it must be a JSON object with 'name' and 'parameters'", root.Span));
            root = null;
        }

        return new NetworkProfile(root, problems, Settings(root));
    }

    /// <summary>
    /// The profile's NCP settings as <c>ncp.ini</c> entries: the load-balancing parameters under their ncp.ini keys
    /// (marked, so NCP1014 rather than the ncp.ini rules judges them), and every <c>extensions.ncp.SECTION.KEY</c>
    /// as it is passed to NCP.
    /// </summary>
    private static NcpIniDocument Settings(JsonValue? root)
    {
        var entries = new List<IniEntry>();
        var sections = new HashSet<string>(StringComparer.Ordinal) { NcpIniDocument.PersistenceSection };
        void Add(string section, string key, JsonValue value, string? parameter, string? text = null)
        {
            sections.Add(section);
            // The key is the member name (findings "at the key", the plan's origins); the value's own span is NCP1014's.
            entries.Add(new IniEntry(section, key, text ?? IniText(value), value.NameSpan, value.Span, entries.Count) { ProfileParameter = parameter });
        }

        var parameters = root?.Get("parameters");
        var cni = parameters?.Get("cni_configurations")?.Get("parameters");
        if (parameters?.Get("lb_size") is { Kind: JsonValueKind.String } size)
        {
            Add(NcpIniDocument.PersistenceSection, NcpGateKeys.ServiceSize, size, "lb_size", size.Text.ToUpperInvariant());
        }

        if (cni is { Kind: JsonValueKind.Object })
        {
            if (cni.Get("l4_persistence_type") is { } l4)
            {
                Add(NcpIniDocument.PersistenceSection, NcpKeys.L4Persistence, l4, "l4_persistence_type");
            }

            if (cni.Get("ingress_persistence_settings") is { Kind: JsonValueKind.Object } l7)
            {
                if (l7.Get("persistence_type") is { } type)
                {
                    Add(NcpIniDocument.PersistenceSection, NcpKeys.L7Persistence, type, "ingress_persistence_settings.persistence_type");
                }

                if (l7.Get("persistence_timeout") is { } timeout)
                {
                    Add(NcpIniDocument.PersistenceSection, NcpKeys.L7PersistenceTimeout, timeout, "ingress_persistence_settings.persistence_timeout");
                }
            }

            if (cni.Get("nsx_lb") is { } nsxLb)
            {
                Add(NcpIniDocument.PersistenceSection, NcpGateKeys.UseNativeLoadBalancer, nsxLb, "nsx_lb");
            }

            if (cni.Get("max_l4_lb_service") is { } max)
            {
                Add(NcpIniDocument.PersistenceSection, NcpGateKeys.MaxAllowedVirtualServers, max, "max_l4_lb_service");
            }

            if (cni.Get("extensions")?.Get("ncp") is { Kind: JsonValueKind.Object } ncp)
            {
                foreach (var (section, keys) in ncp.Members)
                {
                    foreach (var (key, value) in keys.Members)
                    {
                        Add(section, key, value, null);
                    }
                }
            }
        }

        return new NcpIniDocument(IniFlavour.OsloConfig, entries, Array.Empty<IniProblem>(), sections, sections);
    }

    /// <summary>How a JSON value reads as ncp.ini text: a string's content, booleans as Python writes them, numbers as written.</summary>
    private static string IniText(JsonValue value) => value.Kind switch
    {
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.Null => "",
        _ => value.Text,
    };

    private static JsonValue ReadValue(ref Utf8JsonReader reader, LineMap lines, string path, SourceSpan? nameSpan)
    {
        var start = (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var members = new List<(string, JsonValue)>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var nameStart = (int)reader.TokenStartIndex;
                    var name = reader.GetString()!;
                    var memberNameSpan = lines.Span(nameStart, (int)reader.BytesConsumed);
                    reader.Read();
                    members.Add((name, ReadValue(ref reader, lines, path.Length == 0 ? name : path + "." + name, memberNameSpan)));
                }

                var span = lines.Span(start, (int)reader.BytesConsumed);
                return new JsonValue(JsonValueKind.Object, "", span, nameSpan ?? span, path) { Members = members };
            }

            case JsonTokenType.StartArray:
            {
                var index = 0;
                var items = new List<(string, JsonValue)>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var itemPath = $"{path}[{index}]";
                    items.Add((index.ToString(System.Globalization.CultureInfo.InvariantCulture), ReadValue(ref reader, lines, itemPath, null)));
                    index++;
                }

                var span = lines.Span(start, (int)reader.BytesConsumed);
                return new JsonValue(JsonValueKind.Array, "", span, nameSpan ?? span, path) { Members = items };
            }

            default:
            {
                var (kind, text) = reader.TokenType switch
                {
                    JsonTokenType.String => (JsonValueKind.String, reader.GetString()!),
                    JsonTokenType.Number => (JsonValueKind.Number, Encoding.UTF8.GetString(reader.ValueSpan)),
                    JsonTokenType.True => (JsonValueKind.True, "true"),
                    JsonTokenType.False => (JsonValueKind.False, "false"),
                    _ => (JsonValueKind.Null, "null"),
                };
                var span = lines.Span(start, (int)reader.BytesConsumed);
                return new JsonValue(kind, text, span, nameSpan ?? span, path);
            }
        }
    }

    /// <summary>System.Text.Json ends its messages with its own (0-based, byte) position; the diagnostic has the real one.</summary>
    private static string CleanMessage(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (at >= 0 ? message.Substring(0, at) : message).Trim();

        // The reader's advice ("Change the reader options") is about System.Text.Json, not about the profile: keep the first sentence.
        var sentence = text.IndexOf(". ", StringComparison.Ordinal);
        text = (sentence >= 0 ? text.Substring(0, sentence) : text).Replace(" which is not supported in this mode", "", StringComparison.Ordinal).TrimEnd('.');
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text.Substring(1) : text;
    }

    /// <summary>Byte offsets of a UTF-8 text to 1-based lines and UTF-16 columns.</summary>
    private sealed class LineMap
    {
        private readonly string file;
        private readonly byte[] bytes;
        private readonly List<int> lineStarts = new() { 0 };

        public LineMap(string file, byte[] bytes)
        {
            this.file = file;
            this.bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    lineStarts.Add(i + 1);
                }
            }
        }

        /// <summary>The span from byte <paramref name="start"/> to byte <paramref name="end"/> (exclusive).</summary>
        public SourceSpan Span(int start, int end)
        {
            var (startLine, startColumn) = Position(start);
            var (endLine, endColumn) = Position(Math.Max(start, end));
            return new SourceSpan(file, startLine, startColumn, endLine, endColumn);
        }

        /// <summary>The 1-based UTF-16 column of the byte at <paramref name="byteInLine"/> of the 0-based line <paramref name="line"/>.</summary>
        public int Column(int line, int byteInLine)
        {
            var lineStart = line < lineStarts.Count ? lineStarts[line] : bytes.Length;
            var length = Math.Clamp(byteInLine, 0, bytes.Length - lineStart);
            return Encoding.UTF8.GetCharCount(bytes, lineStart, length) + 1;
        }

        private (int Line, int Column) Position(int offset)
        {
            var index = lineStarts.BinarySearch(offset);
            var line = index >= 0 ? index : ~index - 1;
            return (line + 1, Column(line, offset - lineStarts[line]));
        }
    }
}
