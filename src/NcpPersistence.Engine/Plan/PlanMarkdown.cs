using System.Buffers;
using System.Globalization;
using System.Text;

namespace NcpPersistence.Plan;

/// <summary>
/// Renders the plan as GitHub-flavoured Markdown. Every string that comes from the input (names,
/// hosts, paths, cookie names, reasons) goes through <see cref="Cell"/> or <see cref="MermaidLabel"/>,
/// so it can neither break a table nor inject HTML; Mermaid node ids are generated (<c>i1</c>, <c>s1</c>, ...).
/// </summary>
public static class PlanMarkdown
{
    /// <summary>Past this many edges the diagram is left out (GitHub stops rendering large diagrams).</summary>
    public const int MaxDiagramEdges = 400;

    public static string Render(NsxProfilePlan plan)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Render(plan, text);
        return text.ToString();
    }

    /// <summary>Writes the Markdown to <paramref name="writer"/> as it is rendered (no string of the whole page).</summary>
    public static void Render(NsxProfilePlan plan, TextWriter writer)
    {
        var md = new MarkdownSink(writer);
        md.Append("# NSX profile plan\n\n");
        if (plan.Delta is { } delta)
        {
            RenderDelta(md, delta);
        }

        md.Append("**").Append(PlanWriter.SummaryLine(plan)).Append(".**\n\n");
        if (plan.Clusters.Count == 1)
        {
            RenderCluster(md, plan.Clusters[0], "##");
            return;
        }

        md.Append("The manifests are checked under ").Append(Number(plan.Clusters.Count)).Append(" NCP configurations: ")
            .Append(string.Join(", ", plan.Clusters.Select(c => Cell(c.Label)))).Append(".\n\n");
        foreach (var cluster in plan.Clusters)
        {
            md.Append("## Cluster ").Append(Cell(cluster.Label)).Append("\n\n");
            md.Append("**").Append(PlanWriter.SummaryLine(cluster.Summary)).Append(".**\n\n");
            RenderCluster(md, cluster, "###");
        }
    }

    private static void RenderCluster(MarkdownSink md, PlanCluster plan, string heading)
    {
        if (plan.Configuration is { File: { } file } configuration)
        {
            md.Append("Under the NCP configuration in ").Append(Cell(file)).Append(configuration.Line is { } line ? $" (line {Number(line)})" : "")
                .Append(configuration.Name is { } configMap ? $", ConfigMap {Cell(configMap)}" : "")
                .Append(configuration.Format == "networkProfile" ? " (a TKGI network profile)" : configuration.Format == "operatorConfigMap" ? " (read by the NCP operator)" : "")
                .Append(plan.Scope is { } scope ? $", for the manifests under {Cell(scope)}/" : "").Append(".\n\n");
        }

        if (plan.NcpVersion is { } version)
        {
            md.Append("Checked for NCP ").Append(Cell(version)).Append(".\n\n");
        }

        if (!plan.NativeLoadBalancer)
        {
            md.Append("**NCP creates no NSX load balancing under this configuration** (use_native_loadbalancer = False, or nsx_lb: false): no virtual server, no persistence profile.\n\n");
        }

        md.Append(heading).Append(" NCP configuration\n\n");
        md.Append("| setting | value | effective | origin |\n| --- | --- | --- | --- |\n");
        foreach (var setting in new[] { plan.NcpConfig.L4Persistence, plan.NcpConfig.L7Persistence, plan.NcpConfig.CookieName, plan.NcpConfig.L7PersistenceTimeout })
        {
            Row(md, setting.Key, setting.Value ?? "(unset)", setting.Effective ?? (setting.Key == "cookie_name" ? "(NSX default)" : "none"), setting.Origin.Describe());
        }

        foreach (var (_, gate) in plan.NcpConfig.Gates())
        {
            if (gate is not null)
            {
                Row(md, gate.Key, gate.Value ?? "(unset)", gate.Effective ?? "(no limit)", gate.Origin.Describe());
            }
        }

        if (plan.Capacity is { } capacity && plan.NativeLoadBalancer)
        {
            md.Append('\n').Append(heading).Append(" Capacity\n\n");
            md.Append(Number(capacity.Layer4VirtualServers)).Append(" layer-4 virtual ").Append(PlanWriter.Plural(capacity.Layer4VirtualServers, "server", "servers"))
                .Append(" (one per LoadBalancer Service port); a ").Append(Cell(capacity.ServiceSize)).Append(" load balancer holds ").Append(Number(capacity.PerLoadBalancer))
                .Append(capacity.AutoScaling ? $"; with l4_lb_auto_scaling NCP uses {Number(capacity.LoadBalancers)} load {PlanWriter.Plural(capacity.LoadBalancers, "balancer", "balancers")}" : "; l4_lb_auto_scaling is off, so NCP uses one load balancer")
                .Append(capacity.MaxAllowedVirtualServers is { } max ? $"; max_allowed_virtual_servers is {Number(max)}" : "")
                .Append(capacity.Exceeded ? ". **Some LoadBalancer Services get no virtual server (NCP2007).**" : ".").Append('\n');
        }

        md.Append('\n').Append(heading).Append(" Persistence profiles\n\n");
        if (plan.Profiles.Count == 0)
        {
            md.Append("NCP creates no persistence profile.\n");
        }
        else
        {
            md.Append("| profile | layer | type | timeout (s) | shared | cookie name | bound to |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            foreach (var profile in plan.Profiles)
            {
                var cookie = profile.Type == PlanProfile.Cookie ? profile.CookieName ?? "(NSX default)" : "";
                Row(md, profile.Id, Number(profile.Layer), profile.Type, Number(profile.TimeoutSeconds), profile.Shared ? "yes" : "no", cookie, List(profile.BoundObjects));
            }
        }

        md.Append('\n').Append(heading).Append(" Virtual servers\n\n");
        md.Append("| virtual server | layer | port | protocol | serves | profile |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var server in plan.VirtualServers)
        {
            var serves = server.Layer == 4 ? $"Service {server.Service}" : List(server.HostedObjects);
            Row(md, server.Id, Number(server.Layer), Number(server.Port), server.Protocol, serves, server.Profile ?? "(no persistence)");
        }

        md.Append('\n').Append(heading).Append(" Ingresses served by NCP\n\n");
        if (plan.Ingresses.Count == 0)
        {
            md.Append("None.\n");
        }
        else
        {
            md.Append("| ingress | virtual server | host | path | service | service type |\n| --- | --- | --- | --- | --- | --- |\n");
            foreach (var ingress in plan.Ingresses)
            {
                if (ingress.Backends.Count == 0)
                {
                    Row(md, ingress.Ingress, ingress.VirtualServer, "", "", "", "");
                }

                foreach (var backend in ingress.Backends)
                {
                    Row(md, ingress.Ingress, ingress.VirtualServer, backend.Host ?? "*", backend.Path ?? "", backend.Service, backend.ServiceType ?? "(not in the manifests)");
                }
            }
        }

        if (plan.Routes.Count > 0)
        {
            md.Append('\n').Append(heading).Append(" OpenShift Routes served by NCP\n\n");
            md.Append("| route | virtual server | host | service | service type |\n| --- | --- | --- | --- | --- |\n");
            foreach (var route in plan.Routes)
            {
                foreach (var backend in route.Backends)
                {
                    Row(md, route.Ingress, route.VirtualServer, backend.Host ?? "*", backend.Service, backend.ServiceType ?? "(not in the manifests)");
                }
            }
        }

        if (plan.LoadBalancers.Count > 0)
        {
            md.Append('\n').Append(heading).Append(" LoadBalancer resources\n\n");
            md.Append("| load balancer | size | active | affinity | profile | hosts |\n| --- | --- | --- | --- | --- | --- |\n");
            foreach (var loadBalancer in plan.LoadBalancers)
            {
                var affinity = loadBalancer.Affinity is { } type ? $"{type}, {Number(loadBalancer.TimeoutSeconds ?? 0)} s" : "none";
                Row(md, loadBalancer.LoadBalancer, loadBalancer.Size, loadBalancer.Active ? "yes" : "no: " + loadBalancer.Reason, affinity, loadBalancer.Profile ?? "(no persistence)", List(loadBalancer.Ingresses));
            }
        }

        md.Append('\n').Append(heading).Append(" Conflicts (NCP3001)\n\n");
        if (plan.Conflicts.Count == 0)
        {
            md.Append("None.\n");
        }
        else
        {
            md.Append("| ingress | service | host | path | layer 4 | layer 7 | location |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            foreach (var conflict in plan.Conflicts)
            {
                var l4 = $"{conflict.L4Persistence} (from {conflict.L4Source})";
                var location = conflict.File is null ? "" : $"{conflict.File}:{conflict.Line}";
                if (conflict.Suppressed)
                {
                    location += " (suppressed)";
                }

                Row(md, conflict.Kind == "Ingress" ? conflict.Ingress : $"{conflict.Kind} {conflict.Ingress}", conflict.Service, conflict.Host ?? "*", conflict.Path ?? "", l4, conflict.L7Persistence + (conflict.LoadBalancer is { } lb ? $" (LoadBalancer {lb})" : ""), location);
            }
        }

        md.Append('\n').Append(heading).Append(" Skipped Ingresses\n\n");
        if (plan.Skipped.Count == 0)
        {
            md.Append("None.\n");
        }
        else
        {
            md.Append("| ingress | class | reason |\n| --- | --- | --- |\n");
            foreach (var skipped in plan.Skipped)
            {
                Row(md, skipped.Kind == "Ingress" ? skipped.Ingress : $"{skipped.Kind} {skipped.Ingress}", skipped.IngressClass ?? "(none)", skipped.Reason);
            }
        }

        md.Append('\n').Append(heading).Append(" Diagram\n\n");
        RenderDiagram(md, plan);
    }

    private static void RenderDelta(MarkdownSink md, PlanDelta delta)
    {
        md.Append("## What this change does\n\n");
        if (!delta.IsAvailable)
        {
            md.Append("> **Note:** no comparison with the base branch: ").Append(Cell(delta.Message ?? "the baseline plan could not be read")).Append(".\n\n");
            return;
        }

        if (delta.IsEmpty)
        {
            md.Append("This change does not alter the NSX plan of the base branch.\n\n");
            return;
        }

        md.Append("This change ").Append(Lead(delta)).Append(".\n\n");
        foreach (var change in delta.ConfigChanges)
        {
            md.Append("- NCP configuration: ").Append(Cell(InCluster(change.Cluster, change.Field))).Append(' ').Append(Cell(change.Before ?? "(unset)")).Append(" → ").Append(Cell(change.After ?? "(unset)")).Append('\n');
        }

        foreach (var profile in delta.ProfilesAdded)
        {
            md.Append("- Creates ").Append(ProfileKind(profile)).Append(" profile ").Append(Cell(InCluster(profile.Cluster, profile.Id))).Append(" (").Append(Cell(Number(profile.TimeoutSeconds))).Append(" s) for ").Append(Cell(List(profile.BoundObjects, "nothing yet"))).Append('\n');
        }

        foreach (var profile in delta.ProfilesRemoved)
        {
            md.Append("- Removes ").Append(ProfileKind(profile)).Append(" profile ").Append(Cell(InCluster(profile.Cluster, profile.Id))).Append('\n');
        }

        foreach (var change in delta.ProfilesChanged)
        {
            md.Append("- Changes profile ").Append(Cell(InCluster(change.Cluster, change.Id))).Append(": ").Append(Changes(change)).Append('\n');
        }

        foreach (var server in delta.VirtualServersAdded)
        {
            md.Append("- Adds virtual server ").Append(Cell(InCluster(server.Cluster, server.Id))).Append(" (profile ").Append(Cell(server.Profile ?? "none")).Append(")\n");
        }

        foreach (var server in delta.VirtualServersRemoved)
        {
            md.Append("- Removes virtual server ").Append(Cell(InCluster(server.Cluster, server.Id))).Append('\n');
        }

        foreach (var change in delta.VirtualServersChanged)
        {
            md.Append("- Changes virtual server ").Append(Cell(InCluster(change.Cluster, change.Id))).Append(": ").Append(Changes(change)).Append('\n');
        }

        foreach (var conflict in delta.ConflictsAdded)
        {
            md.Append("- **New conflict** (NCP3001): Ingress ").Append(Cell(InCluster(conflict.Cluster, conflict.Ingress))).Append(" → LoadBalancer Service ").Append(Cell(conflict.Service))
                .Append(" (").Append(Cell(conflict.L4Persistence)).Append(" on layer 4, ").Append(Cell(conflict.L7Persistence)).Append(" on layer 7)\n");
        }

        foreach (var conflict in delta.ConflictsResolved)
        {
            md.Append("- Resolves conflict: Ingress ").Append(Cell(InCluster(conflict.Cluster, conflict.Ingress))).Append(" → Service ").Append(Cell(conflict.Service)).Append('\n');
        }

        foreach (var skipped in delta.SkippedAdded)
        {
            md.Append("- Leaves Ingress ").Append(Cell(InCluster(skipped.Cluster, skipped.Ingress))).Append(" to another controller: ").Append(Cell(skipped.Reason)).Append('\n');
        }

        foreach (var skipped in delta.SkippedRemoved)
        {
            md.Append("- Ingress ").Append(Cell(InCluster(skipped.Cluster, skipped.Ingress))).Append(" is no longer skipped\n");
        }

        md.Append('\n');
    }

    /// <summary>An id as a multi-cluster delta shows it: <c>prod: l7-cookie</c>.</summary>
    private static string InCluster(string? cluster, string id) => cluster is null ? id : $"{cluster}: {id}";

    /// <summary>"creates 2 dedicated persistence profiles, removes 1; adds 1 virtual server, removes 0; introduces 1 new conflict, resolves 0".</summary>
    internal static string Lead(PlanDelta delta)
    {
        var parts = new List<string>();
        var dedicatedAdded = delta.ProfilesAdded.Count(p => p.IsDedicated);
        var dedicatedRemoved = delta.ProfilesRemoved.Count(p => p.IsDedicated);
        if (dedicatedAdded + dedicatedRemoved > 0)
        {
            parts.Add($"creates {dedicatedAdded} dedicated persistence {PlanWriter.Plural(dedicatedAdded, "profile", "profiles")}, removes {dedicatedRemoved}");
        }

        var otherAdded = delta.ProfilesAdded.Where(p => !p.IsDedicated).Select(p => p.Id).ToList();
        var otherRemoved = delta.ProfilesRemoved.Where(p => !p.IsDedicated).Select(p => p.Id).ToList();
        if (otherAdded.Count > 0)
        {
            parts.Add("creates profile " + string.Join(", ", otherAdded.Select(Cell)));
        }

        if (otherRemoved.Count > 0)
        {
            parts.Add("removes profile " + string.Join(", ", otherRemoved.Select(Cell)));
        }

        if (delta.ProfilesChanged.Count > 0)
        {
            parts.Add($"changes {delta.ProfilesChanged.Count} persistence {PlanWriter.Plural(delta.ProfilesChanged.Count, "profile", "profiles")}");
        }

        if (delta.VirtualServersAdded.Count + delta.VirtualServersRemoved.Count > 0)
        {
            parts.Add($"adds {delta.VirtualServersAdded.Count} virtual {PlanWriter.Plural(delta.VirtualServersAdded.Count, "server", "servers")}, removes {delta.VirtualServersRemoved.Count}");
        }

        if (delta.VirtualServersChanged.Count > 0)
        {
            parts.Add($"changes {delta.VirtualServersChanged.Count} virtual {PlanWriter.Plural(delta.VirtualServersChanged.Count, "server", "servers")}");
        }

        if (delta.ConflictsAdded.Count + delta.ConflictsResolved.Count > 0)
        {
            parts.Add($"introduces {delta.ConflictsAdded.Count} new {PlanWriter.Plural(delta.ConflictsAdded.Count, "conflict", "conflicts")}, resolves {delta.ConflictsResolved.Count}");
        }

        if (delta.ConfigChanges.Count > 0)
        {
            parts.Add($"changes {delta.ConfigChanges.Count} NCP {PlanWriter.Plural(delta.ConfigChanges.Count, "setting", "settings")}");
        }

        if (delta.SkippedAdded.Count + delta.SkippedRemoved.Count > 0)
        {
            parts.Add($"skips {delta.SkippedAdded.Count} more {PlanWriter.Plural(delta.SkippedAdded.Count, "Ingress", "Ingresses")}, {delta.SkippedRemoved.Count} fewer");
        }

        return string.Join("; ", parts);
    }

    private static string ProfileKind(PlanProfile profile) =>
        profile.Layer == 7 ? "layer-7" : profile.Shared ? "shared layer-4" : "dedicated layer-4";

    private static string Changes(PlanObjectChange change)
    {
        var parts = change.Changes.Select(c => $"{Cell(c.Field)} {Cell(c.Before ?? "none")} → {Cell(c.After ?? "none")}").ToList();
        if (change.BoundAdded.Count > 0)
        {
            parts.Add("now also " + Cell(List(change.BoundAdded)));
        }

        if (change.BoundRemoved.Count > 0)
        {
            parts.Add("no longer " + Cell(List(change.BoundRemoved)));
        }

        return string.Join("; ", parts);
    }

    private static void RenderDiagram(MarkdownSink md, PlanCluster plan)
    {
        var nodes = new StringBuilder();
        var edges = new List<(string From, string To, string? Label, bool Conflict)>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var conflictNodes = new HashSet<string>(StringComparer.Ordinal);
        var counters = new Dictionary<char, int>();

        // Past MaxDiagramEdges the diagram is left out: from then on the edges are only counted, so a large plan
        // costs no diagram text. Lookups by id (the first of an id wins, as a linear search would find it).
        var edgeCount = 0;
        var drawing = true;
        var serversById = new Dictionary<string, PlanVirtualServer>(StringComparer.Ordinal);
        foreach (var candidate in plan.VirtualServers)
        {
            serversById.TryAdd(candidate.Id, candidate);
        }

        var profilesById = new Dictionary<string, PlanProfile>(StringComparer.Ordinal);
        foreach (var candidate in plan.Profiles)
        {
            profilesById.TryAdd(candidate.Id, candidate);
        }

        void Edge(string from, string to, string? label, bool conflict)
        {
            edgeCount++;
            if (drawing && edgeCount > MaxDiagramEdges)
            {
                drawing = false;
                edges.Clear();
                nodes.Clear();
                ids.Clear();
                conflictNodes.Clear();
            }

            if (drawing)
            {
                edges.Add((from, to, label, conflict));
            }
        }

        string Node(char prefix, string key, string label, string shapeOpen = "[", string shapeClose = "]")
        {
            if (!drawing)
            {
                return "";
            }

            var fullKey = prefix + ":" + key;
            if (ids.TryGetValue(fullKey, out var existing))
            {
                return existing;
            }

            counters[prefix] = counters.GetValueOrDefault(prefix) + 1;
            var id = prefix + counters[prefix].ToString(CultureInfo.InvariantCulture);
            ids[fullKey] = id;
            nodes.Append("    ").Append(id).Append(shapeOpen).Append('"').Append(MermaidLabel(label)).Append('"').Append(shapeClose).Append('\n');
            return id;
        }

        var conflicts = plan.Conflicts.Select(c => (c.Kind + ":" + c.Ingress, c.Service)).ToHashSet();
        var serviceTypes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (ingress, kind) in plan.Ingresses.Select(i => (i, "Ingress")).Concat(plan.Routes.Select(r => (r, "Route"))))
        {
            var ingressNode = Node('i', kind + ":" + ingress.Ingress, kind + " " + ingress.Ingress, "([", "])");
            foreach (var service in ingress.Backends.GroupBy(b => b.Service, StringComparer.Ordinal).Select(g => g.First()))
            {
                var label = "Service " + service.Service + (service.ServiceType is null ? " (not in the manifests)" : $" ({service.ServiceType})");
                var serviceNode = Node('s', service.Service, label);
                var conflict = conflicts.Contains((kind + ":" + ingress.Ingress, service.Service));
                if (conflict && drawing)
                {
                    conflictNodes.Add(ingressNode);
                    conflictNodes.Add(serviceNode);
                }

                Edge(ingressNode, serviceNode, conflict ? "NCP3001 conflict" : "backend", conflict);
            }

            var server = serversById.GetValueOrDefault(ingress.VirtualServer);
            if (server is not null)
            {
                Edge(ingressNode, Node('v', server.Id, VirtualServerLabel(server)), "hosted on", false);
            }
        }

        foreach (var server in plan.VirtualServers.Where(v => v.Layer == 4))
        {
            var serviceNode = Node('s', server.Service!, "Service " + server.Service + " (LoadBalancer)");
            Edge(serviceNode, Node('v', server.Id, VirtualServerLabel(server)), null, false);
        }

        foreach (var server in plan.VirtualServers)
        {
            if (server.Profile is null || (server.Layer == 7 && server.HostedObjects.Count == 0))
            {
                continue;
            }

            var profile = profilesById.GetValueOrDefault(server.Profile);
            var label = !drawing ? "" : profile is null ? "profile " + server.Profile : $"profile {profile.Id}: {profile.Type}, {Number(profile.TimeoutSeconds)} s" + (profile.Shared ? ", shared" : "");
            Edge(Node('v', server.Id, VirtualServerLabel(server)), Node('p', server.Profile, label, "{{", "}}"), null, false);
        }

        if (edgeCount == 0)
        {
            md.Append("Nothing to draw: no NCP-handled Ingress and no LoadBalancer Service.\n");
            return;
        }

        if (edgeCount > MaxDiagramEdges)
        {
            md.Append("The diagram is left out: ").Append(Number(edgeCount)).Append(" edges is more than GitHub renders; the tables above hold the same content.\n");
            return;
        }

        md.Append("```mermaid\nflowchart LR\n").Append(nodes);
        var conflictEdges = new List<int>();
        for (var i = 0; i < edges.Count; i++)
        {
            var (from, to, label, conflict) = edges[i];
            md.Append("    ").Append(from).Append(" -->");
            if (label is not null)
            {
                md.Append("|\"").Append(MermaidLabel(label)).Append("\"|");
            }

            md.Append(' ').Append(to).Append('\n');
            if (conflict)
            {
                conflictEdges.Add(i);
            }
        }

        if (conflictNodes.Count > 0)
        {
            md.Append("    classDef conflict stroke:#d1242f,stroke-width:3px\n");
            md.Append("    class ").Append(string.Join(",", conflictNodes.OrderBy(n => n, StringComparer.Ordinal))).Append(" conflict\n");
            md.Append("    linkStyle ").Append(string.Join(",", conflictEdges.Select(i => Number(i)))).Append(" stroke:#d1242f,stroke-width:3px\n");
        }

        md.Append("```\n");
    }

    private static string VirtualServerLabel(PlanVirtualServer server) =>
        server.Layer == 4
            ? $"L4 virtual server {server.Service}:{Number(server.Port)}/{server.Protocol}"
            : $"L7 {server.Protocol} virtual server :{Number(server.Port)}" + (server.LoadBalancer is { } lb ? $" of LoadBalancer {lb}" : "");

    private static void Row(MarkdownSink md, params string[] cells)
    {
        md.Append('|');
        foreach (var cell in cells)
        {
            md.Append(' ').Append(Cell(cell)).Append(" |");
        }

        md.Append('\n');
    }

    private static string List(IReadOnlyList<string> items, string empty = "") =>
        items.Count == 0 ? empty : string.Join(", ", items);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The characters <see cref="Cell"/> writes as they are, wherever they stand.</summary>
    private static readonly SearchValues<char> PlainCellCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,/:=-+@%'()");

    /// <summary>The characters <see cref="MermaidLabel"/> writes as they are.</summary>
    private static readonly SearchValues<char> PlainMermaidCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,/:-_=");

    /// <summary>
    /// Escapes text for a GFM table cell or running text: table pipes, HTML (<c>&lt;</c>, <c>&gt;</c>,
    /// <c>&amp;</c>), code spans (backticks) and emphasis/link punctuation become character
    /// references; line breaks become spaces. Letters, digits and harmless punctuation stay.
    /// </summary>
    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        // Most cells (names, numbers, paths) have nothing to escape: returned as they are, without a builder.
        if (text.AsSpan().IndexOfAnyExcept(PlainCellCharacters) < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length);
        var previous = ' ';
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            index += rune.Utf16SequenceLength;
            var next = index < text.Length ? text[index] : ' ';
            var intraword = value == '_' && char.IsAsciiLetterOrDigit(previous) && char.IsAsciiLetterOrDigit(next);
            previous = value < 128 ? (char)value : ' ';
            if (value is '\r' or '\n' or '\t' || Rune.IsControl(rune))
            {
                escaped.Append(' ');
            }
            else if (intraword)
            {
                escaped.Append('_'); // source_ip: GFM never reads an intraword underscore as emphasis
            }
            else if (value is '<' or '>' or '&' or '"')
            {
                escaped.Append(value switch { '<' => "&lt;", '>' => "&gt;", '&' => "&amp;", _ => "&quot;" });
            }
            else if (value < 128 && !char.IsAsciiLetterOrDigit((char)value) && " .,/:=-+@%'()".IndexOf((char)value) < 0)
            {
                escaped.Append("&#").Append(value.ToString(CultureInfo.InvariantCulture)).Append(';');
            }
            else if (value is 0x2028 or 0x2029)
            {
                escaped.Append(' ');
            }
            else
            {
                escaped.Append(rune.ToString());
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// Escapes text for a quoted Mermaid label (<c>["..."]</c>, <c>|"..."|</c>): every character
    /// other than letters, digits, spaces and <c>. , / : - _ =</c> becomes a Mermaid entity
    /// (<c>#quot;</c>, <c>#60;</c>, ...), line breaks become spaces.
    /// </summary>
    public static string MermaidLabel(string text)
    {
        if (text.AsSpan().IndexOfAnyExcept(PlainMermaidCharacters) < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            if (value is '\r' or '\n' or '\t' || Rune.IsControl(rune) || value is 0x2028 or 0x2029)
            {
                escaped.Append(' ');
            }
            else if (value == '"')
            {
                escaped.Append("#quot;");
            }
            else if (value < 128 && !char.IsAsciiLetterOrDigit((char)value) && " .,/:-_=".IndexOf((char)value) < 0)
            {
                escaped.Append('#').Append(value.ToString(CultureInfo.InvariantCulture)).Append(';');
            }
            else
            {
                escaped.Append(rune.ToString());
            }
        }

        return escaped.ToString();
    }

    /// <summary>The <see cref="StringBuilder"/>-style appends the renderer uses, written straight to a <see cref="TextWriter"/>.</summary>
    private sealed class MarkdownSink
    {
        private readonly TextWriter writer;

        public MarkdownSink(TextWriter writer) => this.writer = writer;

        public MarkdownSink Append(string? text)
        {
            writer.Write(text);
            return this;
        }

        public MarkdownSink Append(char character)
        {
            writer.Write(character);
            return this;
        }

        public MarkdownSink Append(StringBuilder text)
        {
            foreach (var chunk in text.GetChunks())
            {
                writer.Write(chunk.Span);
            }

            return this;
        }
    }
}
