using System.IO.Hashing;
using System.Runtime.InteropServices;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NcpPersistence.Yaml;

/// <summary>
/// Hashes a document's content while it streams by: scalars by their resolved meaning (a plain
/// <c>80</c> is an integer, <c>"80"</c> a string, <c>yes</c> a boolean, as YAML 1.1 and Kubernetes'
/// decoder read them), mappings independently of their key order, sequences in order, aliases as what
/// they point at. Comments, quoting style of strings and layout do not count. Two documents with the same
/// hash apply the same object state; 64 bits make an accidental collision negligible.
/// </summary>
internal sealed class ContentHasher
{
    private readonly List<Frame> frames = new(16);
    private readonly Dictionary<string, ulong> anchors = new(StringComparer.Ordinal);

    public ulong? DocumentHash { get; private set; }

    /// <summary>The hash of the node completed last (after a scalar, alias or collection end).</summary>
    public ulong LastHash { get; private set; }

    public void Reset()
    {
        frames.Clear();
        anchors.Clear();
        DocumentHash = null;
    }

    public void Add(ParsingEvent current)
    {
        switch (current)
        {
            case Scalar scalar:
                Complete(HashScalar(scalar), scalar.Anchor);
                break;
            case MappingStart mapping:
                frames.Add(new Frame(true, mapping.Anchor.IsEmpty ? null : mapping.Anchor.Value, mapping.Tag.IsEmpty ? 0 : HashText(mapping.Tag.Value)));
                break;
            case SequenceStart sequence:
                frames.Add(new Frame(false, sequence.Anchor.IsEmpty ? null : sequence.Anchor.Value, sequence.Tag.IsEmpty ? 0 : HashText(sequence.Tag.Value)));
                break;
            case MappingEnd or SequenceEnd when frames.Count > 0:
                CloseFrame();
                break;
            case AnchorAlias alias:
                Complete(anchors.TryGetValue(alias.Value.Value, out var target) ? target : HashText("*" + alias.Value.Value), AnchorName.Empty);
                break;
        }
    }

    /// <summary>
    /// The rest of a document that was not parsed (<see cref="YamlDocumentReader"/> skips what follows the identity of
    /// a kind the analyzer does not read) completes the open value and closes the document. The text is hashed as it
    /// is: equal text is equal content, and two copies that differ in text, maybe only in layout or comments, are hashed
    /// again from their content when they could be copies of one object (<see cref="Loading.ExactContentHashes"/>).
    /// </summary>
    public void AddSkippedText(ReadOnlySpan<char> rest)
    {
        Complete(Mix(0x736b6970UL, XxHash3.HashToUInt64(MemoryMarshal.AsBytes(rest))), AnchorName.Empty);
        while (frames.Count > 0)
        {
            CloseFrame();
        }
    }

    private void CloseFrame()
    {
        var frame = frames[^1];
        frames.RemoveAt(frames.Count - 1);
        var hash = Mix(Mix(frame.IsMapping ? 0x6d6170UL : 0x736571UL, frame.Tag), Mix(frame.Accumulator, (ulong)frame.Count));
        if (frame.Anchor is not null)
        {
            anchors[frame.Anchor] = hash;
        }

        Complete(hash, AnchorName.Empty);
    }

    private void Complete(ulong hash, AnchorName anchor)
    {
        LastHash = hash;
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = hash;
        }

        if (frames.Count == 0)
        {
            DocumentHash = hash;
            return;
        }

        ref var frame = ref CollectionsMarshal.AsSpan(frames)[^1];
        if (frame.IsMapping)
        {
            if (frame.PendingKey is not { } key)
            {
                frame.PendingKey = hash;
                return;
            }

            frame.Accumulator += Mix(key, hash); // a sum: the order of the entries does not matter
            frame.PendingKey = null;
        }
        else
        {
            frame.Accumulator = Mix(frame.Accumulator, hash);
        }

        frame.Count++;
    }

    private static ulong HashScalar(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is not null && tag != "!")
        {
            return Mix(HashText(tag), HashText(scalar.Value));
        }

        if (scalar.Style != ScalarStyle.Plain || tag == "!")
        {
            return Mix(1, HashText(scalar.Value));
        }

        var value = scalar.Value;
        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => 2,
            "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y" => 3,
            "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N" => 4,
            _ when long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) => Mix(5, (ulong)number),
            _ => Mix(1, HashText(value)),
        };
    }

    private static ulong HashText(string text) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text.AsSpan()));

    /// <summary>A 64-bit mix of two values (splitmix64's finaliser over a combination); order matters.</summary>
    private static ulong Mix(ulong a, ulong b)
    {
        var x = a * 0x9E3779B97F4A7C15UL + b + 0x632BE59BD9B4E019UL;
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>An open collection; a struct updated in place in <see cref="frames"/> (an object per collection was
    /// 52 MiB of the 2 GiB that loading 100,000 Services and Ingresses allocated).</summary>
    private struct Frame
    {
        public Frame(bool isMapping, string? anchor, ulong tag)
        {
            IsMapping = isMapping;
            Anchor = anchor;
            Tag = tag;
        }

        public bool IsMapping { get; }
        public string? Anchor { get; }
        public ulong Tag { get; }
        public ulong Accumulator { get; set; }
        public ulong? PendingKey { get; set; }
        public int Count { get; set; }
    }
}
