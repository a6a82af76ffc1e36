using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NcpPersistence.Yaml;

/// <summary>A YAML problem with the parser's position; <see cref="EndLine"/> is where the parser noticed it.</summary>
/// <remarks><see cref="IsAnalysisBound"/>: the text may be valid YAML; a bound of the analysis stopped the reading.</remarks>
internal sealed record YamlReadError(string Message, int Line, int Column, int EndLine, bool IsAnalysisBound = false);

/// <summary>
/// Whether the analysis reads the whole of a document of this <paramref name="kind"/>, given the text of the document
/// after its <c>kind</c> (<paramref name="restOfDocument"/>, up to the next document marker); if not, only its
/// identity (apiVersion, kind, metadata) is read.
/// </summary>
internal delegate bool ReadsWholeDocument(string kind, ReadOnlySpan<char> restOfDocument);

/// <summary>One YAML document of a stream: its tree (null for an empty document), content hash and first line.</summary>
/// <remarks><see cref="RestSkipped"/>: only the identity of the document was parsed, the rest was hashed as text.</remarks>
internal sealed record YamlDocument(YNode? Root, ulong ContentHash, int Line, bool RestSkipped = false);

/// <summary>
/// Streams YAML events into <see cref="YNode"/> trees, one per document, in a single pass.
/// Documents whose top-level <c>kind</c> is not one the analyzer reads are reduced to their identity
/// (apiVersion, kind, metadata) as soon as the kind is seen: nothing else of them is built, and once the
/// identity is complete the rest of the document is not even parsed (most of a repository's YAML is
/// Deployments and CRDs): it is hashed as text (<see cref="ContentHasher.AddSkippedText"/>) and a new parser
/// starts at the next document marker. Building uses an explicit stack, so deeply
/// nested input cannot overflow the call stack, and depth is bounded. Anchors are remembered so that an
/// alias (and a <c>&lt;&lt;</c> merge key) reads the anchored node, without copying it.
/// </summary>
internal static class YamlDocumentReader
{
    /// <summary>Deeper nesting than any real manifest; past it the file is reported, not read.</summary>
    public const int MaxDepth = 512;

    /// <summary>How many wrapped double-quoted values one file may have re-read (real files have a few; see <see cref="Read(string, Func{string, bool}, Action{YamlDocument})"/>).</summary>
    private const int MaxRereads = 256;

    /// <param name="text">The file's text, after <see cref="YamlTextRepair"/>.</param>
    public static YamlReadError? Read(string text, ReadsWholeDocument readsWholeDocument, List<YamlDocument> documents) =>
        Read(text, readsWholeDocument, documents.Add);

    /// <summary>
    /// The same, handing each document to <paramref name="completed"/> as soon as it ends, so that a consumer
    /// that keeps only a model of it lets its tree go while the rest of the stream is read: a file of a thousand
    /// documents then never holds a thousand trees at once (which the garbage collector had to promote and copy).
    /// </summary>
    public static YamlReadError? Read(string text, ReadsWholeDocument readsWholeDocument, Action<YamlDocument> completed)
    {
        var hidden = YamlTextRepair.HideUnicodeBreaks(text);
        var restoreBreaks = hidden is not null;
        text = hidden ?? text;

        // YamlDotNet refuses a multi-line double-quoted scalar whose continuation lines are not indented past the
        // enclosing block ("found wrong indentation"); libyaml, PyYAML and kubectl read it (generated CRDs wrap
        // long descriptions so). Such a scalar is parsed again with its continuation lines indented, which
        // changes no value (a flow scalar's line folding drops leading spaces), and the added columns are
        // taken off every position on those lines. Documents already handed on are not handed on again.
        Dictionary<int, int>? columnShifts = null;
        var delivered = 0;
        var rereads = 0;
        // Each such scalar costs one more parse of the text up to it: a generated CRD with a few of them is read,
        // a hostile file of thousands stops at MaxRereads or the budget (then it is NCP9001 where they ran out).
        var budget = Math.Max(16L * text.Length, Math.Min(256L * text.Length, 64L << 20));
        while (true)
        {
            var seen = 0;
            var error = ReadOnce(text, readsWholeDocument, restoreBreaks, columnShifts, document =>
            {
                if (seen++ == delivered)
                {
                    delivered++;
                    completed(document);
                }
            }, out var quotedScalarStart);
            if (quotedScalarStart is not { } start || YamlTextRepair.IndentQuotedContinuation(text, start, columnShifts ??= new()) is not { } indented)
            {
                return error;
            }

            if ((budget -= start) < 0 || ++rereads > MaxRereads)
            {
                // A bound of the analysis, not a YAML error: say so, and how to stay within it.
                return error! with
                {
                    Message = $"the file has more than {MaxRereads} double-quoted values wrapped onto lines no more indented than their key; libyaml and kubectl read that form, but the analysis re-reads the file for each and stops here. Indent the wrapped lines past the key, or write the value as a block scalar (|)",
                    IsAnalysisBound = true,
                };
            }

            text = indented;
        }
    }

    private static YamlReadError? ReadOnce(string text, ReadsWholeDocument readsWholeDocument, bool restoreBreaks, Dictionary<int, int>? columnShifts, Action<YamlDocument> completed, out int? quotedScalarStart)
    {
        quotedScalarStart = null;
        var positions = TextPositions.For(text, columnShifts);
        var parser = new Parser(new StringReader(text));

        // Where the current parser began in the text: 0 and line 1, until a document of a kind the analyzer does not
        // model is skipped and a new parser starts at the next document (its marks are relative to that start).
        var origin = new ParserOrigin(0, 1);
        var stack = new List<YNode>(16);
        var pendingKeys = new List<YNode?>(16);
        var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);

        // Anchors defined inside values that were skipped: an alias to one is valid YAML, it just leads
        // nowhere the analysis reads; an alias to a name never anchored in the document is an error.
        var skippedAnchors = new HashSet<string>(StringComparer.Ordinal);
        var hasher = new ContentHasher();
        YNode? root = null;
        var documentLine = 1;
        Mark lastGood = Mark.Empty;

        // Once a document's kind turns out to be one the analyzer does not model, only its identity
        // (apiVersion, kind, metadata) is still built; every other top-level value is skipped as it
        // streams by: skipNextValue marks the value to drop, skipDepth counts the collections inside it.
        var identityOnly = false;
        var skipNextValue = false;
        var skipDepth = 0;

        // The end of the document in hand, once searched for: the same for every offset up to it.
        var boundary = (From: -1, TailEnd: 0, Next: 0);
        (int TailEnd, int Next) EndOfDocument(int from)
        {
            if (boundary.From < 0 || from < boundary.From || from > boundary.TailEnd)
            {
                var (tailEnd, next) = NextDocument(text, from);
                boundary = (from, tailEnd, next);
            }

            return (boundary.TailEnd, boundary.Next);
        }

        // Where a mark of the current parser is in the text, as an editor shows it.
        TextPosition PositionOf(Mark mark) => positions.Of(origin.Absolute(mark));

        bool ReadsWhole(YScalar kind, Mark kindEnd)
        {
            var from = (int)origin.Absolute(kindEnd).Index;
            return readsWholeDocument(kind.Value, text.AsSpan(from, EndOfDocument(from).TailEnd - from));
        }

        try
        {
            while (MoveNext(parser))
            {
                var current = parser.Current!;
                lastGood = origin.Absolute(current.End);
                hasher.Add(current);

                if (skipDepth > 0 || skipNextValue)
                {
                    if (current is NodeEvent { Anchor.IsEmpty: false } anchoredEvent)
                    {
                        skippedAnchors.Add(anchoredEvent.Anchor.Value);
                    }

                    switch (current)
                    {
                        case MappingStart or SequenceStart:
                            skipDepth++;
                            if (stack.Count + skipDepth > MaxDepth)
                            {
                                throw DepthLimitException.At(PositionOf(current.Start));
                            }

                            break;
                        case MappingEnd or SequenceEnd:
                            skipDepth--;
                            break;
                    }

                    skipNextValue = false;
                    continue;
                }

                switch (current)
                {
                    case DocumentStart:
                        root = null;
                        stack.Clear();
                        pendingKeys.Clear();
                        anchors.Clear();
                        skippedAnchors.Clear();
                        hasher.Reset();
                        identityOnly = false;
                        documentLine = PositionOf(current.Start).Line;
                        break;
                    case DocumentEnd:
                        completed(new YamlDocument(root, hasher.DocumentHash ?? 0, documentLine));
                        root = null;
                        break;
                    case Scalar scalar:
                        var node = new YScalar(restoreBreaks ? YamlTextRepair.RestoreUnicodeBreaks(scalar.Value) : scalar.Value, scalar.Style, scalar.Tag.IsEmpty ? null : scalar.Tag.Value, PositionOf(scalar.Start), PositionOf(scalar.End));
                        Remember(scalar.Anchor, node, anchors);
                        if (Add(node, stack, pendingKeys, ref root) is { } kind && !ReadsWhole(kind, scalar.End))
                        {
                            identityOnly = true;
                        }

                        break;
                    case MappingStart mappingStart:
                        var startIndex = (int)origin.Absolute(mappingStart.Start).Index;
                        var mapping = new YMapping(PositionOf(mappingStart.Start))
                        {
                            IsTemplateExpression = mappingStart.Style == MappingStyle.Flow
                                && startIndex >= 0 && startIndex + 1 < text.Length && text[startIndex] == '{' && text[startIndex + 1] == '{',
                        };
                        Remember(mappingStart.Anchor, mapping, anchors);
                        Add(mapping, stack, pendingKeys, ref root);
                        Push(mapping, stack, pendingKeys, PositionOf(current.Start));
                        break;
                    case SequenceStart sequenceStart:
                        var sequence = new YSequence(PositionOf(sequenceStart.Start));
                        Remember(sequenceStart.Anchor, sequence, anchors);
                        Add(sequence, stack, pendingKeys, ref root);
                        Push(sequence, stack, pendingKeys, PositionOf(current.Start));
                        break;
                    case MappingEnd:
                        var closed = (YMapping)stack[^1];
                        closed.Close(PositionOf(current.End));
                        closed.ContentHash = hasher.LastHash;
                        stack.RemoveAt(stack.Count - 1);
                        pendingKeys.RemoveAt(pendingKeys.Count - 1);
                        break;
                    case SequenceEnd:
                        ((YSequence)stack[^1]).Close(PositionOf(current.End));
                        stack.RemoveAt(stack.Count - 1);
                        pendingKeys.RemoveAt(pendingKeys.Count - 1);
                        break;
                    case AnchorAlias alias:
                        var target = anchors.TryGetValue(alias.Value.Value, out var anchored) ? anchored : null;
                        if (target is null && !skippedAnchors.Contains(alias.Value.Value))
                        {
                            // libyaml ("found undefined alias") and kubectl ("unknown anchor referenced") refuse
                            // the document; anchors never reach across "---".
                            var at = PositionOf(alias.Start);
                            return new YamlReadError($"the alias '*{alias.Value.Value}' refers to no anchor '&{alias.Value.Value}' earlier in its document (anchors do not reach across '---')", at.Line, at.Column, at.Line);
                        }

                        if (Add(new YAlias(target, PositionOf(alias.Start), PositionOf(alias.End)), stack, pendingKeys, ref root) is { } aliasedKind && !ReadsWhole(aliasedKind, alias.End))
                        {
                            identityOnly = true;
                        }

                        break;
                }

                // A new top-level key of an identity-only document: drop it and its value unless it is identity.
                if (identityOnly && stack.Count == 1 && pendingKeys[0] is YScalar { Value: not ("apiVersion" or "kind" or "metadata") })
                {
                    pendingKeys[0] = null;
                    if (!HasIdentity((YMapping)stack[0]))
                    {
                        skipNextValue = true; // metadata may still follow
                        continue;
                    }

                    // The identity is complete and nothing else of the document is read: the rest of it is not even
                    // parsed. The next document starts at the next line that begins with '---' or '...' (inside a
                    // document such a line is always a document marker or an error, YAML 1.2 c-forbidden), and a new
                    // parser reads on from there. The rest is hashed as text (ExactContentHashes rehashes possible copies).
                    var keyEnd = origin.Absolute(current.End);
                    var (tailEnd, next) = EndOfDocument((int)keyEnd.Index);
                    hasher.AddSkippedText(text.AsSpan((int)keyEnd.Index, tailEnd - (int)keyEnd.Index));
                    var documentEnd = PositionAt(text, positions, keyEnd, tailEnd);
                    var rootMapping = (YMapping)stack[0];
                    rootMapping.Close(documentEnd);
                    rootMapping.ContentHash = hasher.LastHash;
                    completed(new YamlDocument(root, hasher.DocumentHash ?? 0, documentLine, RestSkipped: true));
                    root = null;
                    stack.Clear();
                    pendingKeys.Clear();
                    if (next >= text.Length)
                    {
                        return null;
                    }

                    origin = new ParserOrigin(next, next == tailEnd ? documentEnd.Line : PositionAt(text, positions, keyEnd, next).Line);
                    parser = new Parser(new StringSliceReader(text, next));
                }
            }
        }
        catch (YamlException exception)
        {
            var errorStart = origin.Absolute(exception.Start);
            if (exception.Message.Contains("multi-line double-quoted scalar, found wrong indentation", StringComparison.Ordinal)
                && positions.MapsParserLines && errorStart.Index >= 0 && errorStart.Index < text.Length && text[(int)errorStart.Index] == '"')
            {
                quotedScalarStart = (int)errorStart.Index;
            }

            var message = CleanMessage(exception);
            var at = SafePosition(positions, errorStart);
            var (line, column) = (at.Line, at.Column);
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndentation(text, line) is { } tab)
            {
                // YamlDotNet reports where the mapping began; the tab is what the user must fix.
                (line, column) = tab;
            }

            var endLine = SafePosition(positions, origin.Absolute(exception.End)).Line;
            return new YamlReadError(message, line, column, Math.Max(line, endLine));
        }
        catch (ParserFailureException exception)
        {
            // YamlDotNet throws e.g. InvalidOperationException (unclosed flow collections) or
            // ArgumentNullException (an empty %TAG prefix) instead of a YamlException for some input.
            var at = SafePosition(positions, lastGood);
            var line = Math.Max(1, at.Line);
            return new YamlReadError($"the YAML parser stopped after this point ({exception.InnerException!.Message.TrimEnd('.')}); look for an unclosed bracket or quote, or a malformed directive", line, Math.Max(1, at.Column), line);
        }
        catch (DepthLimitException exception)
        {
            return new YamlReadError(exception.Message, exception.Line, exception.Column, exception.Line);
        }

        return null;
    }

    /// <summary>Whether a document's top level already holds everything of its identity (apiVersion, kind, metadata).</summary>
    private static bool HasIdentity(YMapping root)
    {
        var seen = 0;
        foreach (var entry in root.Entries)
        {
            seen |= entry.Key is YScalar { Value: var key } ? key switch { "apiVersion" => 1, "kind" => 2, "metadata" => 4, _ => 0 } : 0;
        }

        return seen == 7;
    }

    /// <summary>
    /// From <paramref name="from"/>, where the document in hand ends (<c>TailEnd</c>: the start of the next line that is a
    /// document marker, or the end of the text) and where a parser of the following documents starts (<c>Next</c>: at a
    /// <c>---</c>, or after the line of a <c>...</c>).
    /// </summary>
    internal static (int TailEnd, int Next) NextDocument(string text, int from)
    {
        // Only up to the next '---': searching the whole rest of the text for a '...' that most files never have would
        // make a file of many documents quadratic.
        var start = FindMarker(text, from, text.Length, "---");
        var end = FindMarker(text, from, start, "...");
        if (end < start)
        {
            var lineBreak = text.AsSpan(end).IndexOfAny('\n', '\r');
            var next = lineBreak < 0 ? text.Length : end + lineBreak + (text[end + lineBreak] == '\r' && end + lineBreak + 1 < text.Length && text[end + lineBreak + 1] == '\n' ? 2 : 1);
            return (end, next);
        }

        return (start, start);
    }

    /// <summary>The first <paramref name="marker"/> at a line start before <paramref name="limit"/>, followed by a space, a tab, a line break or the end; or <paramref name="limit"/>.</summary>
    private static int FindMarker(string text, int from, int limit, string marker)
    {
        var at = from;
        while (at < limit)
        {
            var found = text.AsSpan(at, limit - at).IndexOf(marker, StringComparison.Ordinal);
            if (found < 0)
            {
                return limit;
            }

            var index = at + found;
            var after = index + marker.Length;
            if ((index == 0 || text[index - 1] is '\n' or '\r') && (after == text.Length || text[after] is ' ' or '\t' or '\n' or '\r'))
            {
                return index;
            }

            at = index + 1;
        }

        return limit;
    }

    /// <summary>The line and column of <paramref name="index"/>, counted on from a position the parser reported (<paramref name="from"/>, absolute).</summary>
    private static TextPosition PositionAt(string text, TextPositions positions, Mark from, int index)
    {
        if (!positions.MapsParserLines)
        {
            return positions.Of(index);
        }

        var line = (int)from.Line;
        var column = (int)from.Column;
        var span = text.AsSpan((int)from.Index, index - (int)from.Index);
        if (span.IndexOf('\r') < 0)
        {
            var lastBreak = span.LastIndexOf('\n');
            return lastBreak < 0 ? new TextPosition(line, column + span.Length) : new TextPosition(line + span.Count('\n'), span.Length - lastBreak);
        }

        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c == '\n' || (c == '\r' && (i + 1 == span.Length || span[i + 1] != '\n')))
            {
                line++;
                column = 1;
            }
            else if (c != '\r')
            {
                column++;
            }
        }

        return new TextPosition(line, column);
    }

    /// <summary>Where a parser began reading the text: its marks are relative to that offset and line.</summary>
    private readonly record struct ParserOrigin(int Index, int Line)
    {
        public Mark Absolute(Mark mark) =>
            Index == 0 || mark.Index < 0 ? mark : new Mark(mark.Index + Index, mark.Line + Line - 1, mark.Column);
    }

    /// <summary>
    /// Reads a string from an offset without copying it (StringReader starts at the beginning only; a Substring per
    /// skipped document would make a file of many documents quadratic).
    /// </summary>
    private sealed class StringSliceReader : TextReader
    {
        private readonly string text;
        private int position;

        public StringSliceReader(string text, int start)
        {
            this.text = text;
            position = start;
        }

        public override int Peek() => position < text.Length ? text[position] : -1;

        public override int Read() => position < text.Length ? text[position++] : -1;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var count = Math.Min(buffer.Length, text.Length - position);
            text.AsSpan(position, count).CopyTo(buffer);
            position += count;
            return count;
        }
    }

    private static TextPosition SafePosition(TextPositions positions, Mark mark) =>
        mark.Index < 0 || mark.Line < 1 ? new TextPosition(Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column)) : positions.Of(mark);

    private static void Remember(AnchorName anchor, YNode node, Dictionary<string, YNode> anchors)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node; // a later anchor of the same name wins, as in YAML
        }
    }

    private static void Push(YNode container, List<YNode> stack, List<YNode?> pendingKeys, TextPosition at)
    {
        if (stack.Count >= MaxDepth)
        {
            throw DepthLimitException.At(at);
        }

        stack.Add(container);
        pendingKeys.Add(null);
    }

    /// <summary>Adds a node to the open container. Returns the document's kind when this node was the value of its top-level <c>kind</c>.</summary>
    private static YScalar? Add(YNode node, List<YNode> stack, List<YNode?> pendingKeys, ref YNode? root)
    {
        if (stack.Count == 0)
        {
            root = node;
            return null;
        }

        var top = stack.Count - 1;
        if (stack[top] is YSequence sequence)
        {
            sequence.Add(node);
            return null;
        }

        var mapping = (YMapping)stack[top];
        var key = pendingKeys[top];
        if (key is null)
        {
            pendingKeys[top] = node;
            return null;
        }

        mapping.Add(key, node);
        pendingKeys[top] = null;

        // The top-level kind decides whether the rest of the document is worth building.
        return top == 0 && key is YScalar { Value: "kind" } && node.Resolved is YScalar kind ? kind : null;
    }

    /// <summary>
    /// Advances the parser. Any exception it throws is about the input, so it becomes a YAML error;
    /// exceptions from this reader's own code are not caught here and stay analyzer failures (NCP0000).
    /// </summary>
    private static bool MoveNext(Parser parser)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (Exception exception) when (exception is not YamlException and not OutOfMemoryException)
        {
            throw new ParserFailureException(exception);
        }
    }

    private sealed class ParserFailureException : Exception
    {
        public ParserFailureException(Exception inner)
            : base(inner.Message, inner)
        {
        }
    }

    private static (int Line, int Column)? FirstTabIndentation(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var line = lines[i];
            for (var c = 0; c < line.Length && (line[c] == ' ' || line[c] == '\t'); c++)
            {
                if (line[c] == '\t')
                {
                    return (i + 1, c + 1);
                }
            }
        }

        return null;
    }

    private static string CleanMessage(YamlException exception)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the position is reported separately.
        var message = exception.Message;
        var marker = "): ";
        var index = message.IndexOf(marker, StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && index >= 0)
        {
            message = message.Substring(index + marker.Length);
        }

        return message.TrimEnd('.');
    }

    private sealed class DepthLimitException : Exception
    {
        public DepthLimitException(string message, int line, int column)
            : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }
        public int Column { get; }

        public static DepthLimitException At(TextPosition position)
        {
            return new($"YAML nesting is deeper than {MaxDepth} levels; no Kubernetes manifest nests this deep, so the file is not read", position.Line, position.Column);
        }
    }
}
