using System.Security.Cryptography;
using System.Text;

namespace NcpPersistence.Output;

/// <summary>Writes artifacts whole or not at all, and leaves unchanged ones untouched (so incremental builds stay incremental).</summary>
/// <remarks>
/// Compare-before-write never reads more of the existing file than the new content's length plus one byte, and never
/// holds either file whole: a file of another length is different without being read, and the streamed writes compare
/// a hash computed while the temporary file is written with one of the existing file read in chunks.
/// </remarks>
public static class AtomicFile
{
    private const int BufferSize = 64 * 1024;

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Bytes of existing files read by the comparisons of this thread's writes (the tests check the bound).</summary>
    [ThreadStatic]
    internal static long BytesReadComparing;

    /// <summary>What counts as "the same content" for a streamed write.</summary>
    public enum Comparison
    {
        /// <summary>The same bytes.</summary>
        Exact,

        /// <summary>The same bytes apart from the lines of <c>"startTimeUtc"</c> and <c>"endTimeUtc"</c> (an indented SARIF log).</summary>
        IgnoringSarifTimestamps,
    }

    /// <summary>Returns true when the file was (re)written, false when it already had this content.</summary>
    public static bool WriteIfChanged(string path, string content)
    {
        var bytes = Utf8NoBom.GetBytes(content);
        var full = Replaceable(path);
        if (HasContent(full, bytes))
        {
            return false;
        }

        return WriteIfChanged(full, stream => stream.Write(bytes), Comparison.Exact, compare: false);
    }

    /// <summary>
    /// Streams the content that <paramref name="write"/> produces to a temporary file beside <paramref name="path"/>
    /// and moves it over <paramref name="path"/>, unless the existing file already has that content by
    /// <paramref name="comparison"/>. Returns true when the file was (re)written.
    /// </summary>
    public static bool WriteIfChanged(string path, Action<Stream> write, Comparison comparison = Comparison.Exact) =>
        WriteIfChanged(Replaceable(path), write, comparison, compare: true);

    /// <summary>
    /// Only a regular file or a new one is replaced (a link to a regular file: its target, so the link stays); a FIFO
    /// or device is refused before it is opened for the compare (issue 16, F5/F9).
    /// </summary>
    private static string Replaceable(string path)
    {
        var full = OutputPaths.ReplacedFile(Path.GetFullPath(path));
        return OutputPaths.WhyNotWritable(full) is { } refusal ? throw new IOException(refusal) : full;
    }

    private static bool WriteIfChanged(string full, Action<Stream> write, Comparison comparison, bool compare)
    {
        // Nothing to compare with: the content is not hashed on its way out (a fresh CI checkout, a first build).
        compare &= File.Exists(full);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        TemporaryFiles.RemoveStale(full); // leftovers of an interrupted earlier write (F11)
        var temporary = TemporaryFiles.NewFor(full);
        try
        {
            long length;
            byte[]? digest = null;
            // Locked while it is written: RemoveStale of a concurrent run leaves it alone.
            using (var file = TemporaryFiles.Create(temporary))
            using (var hashing = new HashingStream(file, compare ? ContentHash.Create(comparison) : null))
            {
                write(hashing);
                hashing.Flush();
                length = hashing.Length;
                digest = hashing.Finish();
            }

            if (compare && HasContent(full, length, digest!, comparison))
            {
                return false;
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="full"/> holds exactly <paramref name="bytes"/>, read in chunks and no further than their length plus one byte.</summary>
    private static bool HasContent(string full, byte[] bytes)
    {
        if (!SameLength(full, bytes.Length))
        {
            return false;
        }

        using var existing = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        var buffer = new byte[Math.Min(BufferSize, bytes.Length + 1)];
        var offset = 0;
        int read;
        while ((read = existing.Read(buffer, 0, Math.Min(buffer.Length, bytes.Length + 1 - offset))) > 0)
        {
            BytesReadComparing += read;
            if (offset + read > bytes.Length || !buffer.AsSpan(0, read).SequenceEqual(bytes.AsSpan(offset, read)))
            {
                return false;
            }

            offset += read;
        }

        return offset == bytes.Length;
    }

    /// <summary>Whether <paramref name="full"/> hashes to <paramref name="digest"/>, read in chunks and no further than <paramref name="length"/> plus one byte.</summary>
    private static bool HasContent(string full, long length, byte[] digest, Comparison comparison)
    {
        // Equal content (for the SARIF comparison too: its timestamps have a fixed width) means equal length.
        if (!SameLength(full, length))
        {
            return false;
        }

        var hash = ContentHash.Create(comparison);
        using var existing = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        var buffer = new byte[(int)Math.Min(BufferSize, length + 1)];
        long total = 0;
        int read;
        while ((read = existing.Read(buffer, 0, (int)Math.Min(buffer.Length, length + 1 - total))) > 0)
        {
            BytesReadComparing += read;
            total += read;
            if (total > length)
            {
                return false;
            }

            hash.Append(buffer.AsSpan(0, read));
        }

        return total == length && hash.Finish().AsSpan().SequenceEqual(digest);
    }

    private static bool SameLength(string full, long length)
    {
        var info = new FileInfo(full);
        return info.Exists && info.Length == length;
    }

    /// <summary>A write-only pass-through that counts and hashes what is written.</summary>
    private sealed class HashingStream : Stream
    {
        private readonly Stream inner;
        private readonly ContentHash? hash;

        public HashingStream(Stream inner, ContentHash? hash)
        {
            this.inner = inner;
            this.hash = hash;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Position;
        public override long Position { get; set; }

        public byte[]? Finish() => hash?.Finish();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            hash?.Append(buffer);
            Position += buffer.Length;
        }

        public override void WriteByte(byte value) => Write(new ReadOnlySpan<byte>(in value));

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>SHA-256 of the content, or of the content without its SARIF timestamp lines.</summary>
    private abstract class ContentHash
    {
        protected IncrementalHash Sha { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public static ContentHash Create(Comparison comparison) =>
            comparison == Comparison.IgnoringSarifTimestamps ? new WithoutSarifTimestamps() : new Exact();

        public abstract void Append(ReadOnlySpan<byte> data);

        public virtual byte[] Finish() => Sha.GetHashAndReset();

        private sealed class Exact : ContentHash
        {
            public override void Append(ReadOnlySpan<byte> data) => Sha.AppendData(data);
        }

        /// <summary>
        /// Leaves out every line that starts, after its indentation, with <c>"startTimeUtc"</c> or <c>"endTimeUtc"</c>
        /// (in an indented log those names can only be property names: a quote inside a string value is escaped).
        /// Streams: only a line's indentation count and first few bytes are held.
        /// </summary>
        private sealed class WithoutSarifTimestamps : ContentHash
        {
            private static readonly byte[] Spaces = Enumerable.Repeat((byte)' ', 256).ToArray();
            private static readonly byte[][] Markers = { Encoding.ASCII.GetBytes("\"startTimeUtc\""), Encoding.ASCII.GetBytes("\"endTimeUtc\"") };

            private readonly byte[] head = new byte[16];
            private State state = State.LineStart;

            // A line start that a chunk ended in the middle of: its indentation and first bytes, not hashed yet.
            private bool carried;
            private long indentation;
            private int headLength;

            private enum State
            {
                LineStart,
                Kept,
                Skipped,
            }

            /// <summary>Hashes runs of kept lines at once; only a line start that straddles two chunks is looked at byte by byte.</summary>
            public override void Append(ReadOnlySpan<byte> data)
            {
                var i = 0;
                while (carried && i < data.Length)
                {
                    var b = data[i++];
                    if (headLength == 0 && b == ' ')
                    {
                        indentation++;
                        continue;
                    }

                    head[headLength++] = b;
                    var (isMarker, isPrefix) = Match(head.AsSpan(0, headLength));
                    if (isMarker)
                    {
                        carried = false;
                        state = State.Skipped;
                    }
                    else if (!isPrefix)
                    {
                        KeepHead();
                        carried = false;
                        state = b == '\n' ? State.LineStart : State.Kept;
                    }
                }

                if (carried)
                {
                    return;
                }

                var run = i; // the start of the bytes of this chunk that are kept and not hashed yet
                while (i < data.Length)
                {
                    if (state != State.LineStart)
                    {
                        var newline = data.Slice(i).IndexOf((byte)'\n');
                        if (newline < 0)
                        {
                            i = data.Length;
                            break;
                        }

                        i += newline + 1;
                        if (state == State.Skipped)
                        {
                            run = i;
                        }

                        state = State.LineStart;
                        continue;
                    }

                    var lineBegin = i;
                    var rest = data.Slice(i);
                    var text = rest.IndexOfAnyExcept((byte)' ');
                    var start = text < 0 ? ReadOnlySpan<byte>.Empty : rest.Slice(text);
                    var (isMarker, isPrefix) = Match(start);
                    if (isMarker)
                    {
                        Sha.AppendData(data.Slice(run, lineBegin - run));
                        state = State.Skipped;
                        i = lineBegin + text;
                    }
                    else if (isPrefix)
                    {
                        // The chunk ends before the line says what it is: keep its start for the next chunk.
                        Sha.AppendData(data.Slice(run, lineBegin - run));
                        indentation = text < 0 ? rest.Length : text;
                        start.CopyTo(head);
                        headLength = start.Length;
                        carried = true;
                        return;
                    }
                    else
                    {
                        state = State.Kept;
                        i = lineBegin + text;
                    }
                }

                if (state != State.Skipped)
                {
                    Sha.AppendData(data.Slice(run));
                }
            }

            public override byte[] Finish()
            {
                if (carried)
                {
                    KeepHead(); // a last line without a line break, still undecided
                    carried = false;
                }

                return base.Finish();
            }

            /// <summary>
            /// Whether <paramref name="start"/> (a line's bytes after its indentation) begins with a marker, or could
            /// still turn out to: it is shorter than a marker and a prefix of one (an empty start is such a prefix).
            /// </summary>
            private static (bool IsMarker, bool IsPrefix) Match(ReadOnlySpan<byte> start)
            {
                var isPrefix = false;
                foreach (var marker in Markers)
                {
                    if (start.StartsWith(marker))
                    {
                        return (true, false);
                    }

                    isPrefix |= start.Length < marker.Length && marker.AsSpan().StartsWith(start);
                }

                return (false, isPrefix);
            }

            private void KeepHead()
            {
                for (var left = indentation; left > 0; left -= Spaces.Length)
                {
                    Sha.AppendData(Spaces.AsSpan(0, (int)Math.Min(left, Spaces.Length)));
                }

                Sha.AppendData(head.AsSpan(0, headLength));
                indentation = 0;
                headLength = 0;
            }
        }
    }
}
