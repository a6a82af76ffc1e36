using System.Globalization;
using System.Text;

namespace NcpPersistence.Output;

/// <summary>
/// GitHub code scanning's <c>primaryLocationLineHash</c> partial fingerprint, computed the way
/// GitHub's SARIF upload action computes it when a log lacks one (<c>src/fingerprints.ts</c> of
/// github/codeql-action): a rolling polynomial hash (base 37, modulo 2^64) over the next 100
/// characters of the file starting at each line, spaces and tabs skipped, CR LF and CR read as LF,
/// followed by <c>:N</c> where N counts earlier lines with the same hash. The file is read as UTF-8
/// whatever its encoding, as the action does. Providing the value ourselves means a log uploaded by
/// any client (not only the action) gets the same alert tracking across runs.
/// </summary>
public static class LineHashes
{
    private const int BlockSize = 100;
    private const ulong Modulus = 37;
    private const int EndOfFile = 65535;

    private static readonly ulong FirstMod = ComputeFirstMod();

    /// <summary>The hash of each line, indexed by 1-based line number (index 0 unused).</summary>
    public static IReadOnlyList<string> Compute(byte[] content) => ComputeTable(content).ToList();

    /// <summary>The hash of each line of already decoded text, indexed by 1-based line number (index 0 unused).</summary>
    public static IReadOnlyList<string> Compute(string text) => ComputeTable(text).ToList();

    /// <summary>The hashes of <paramref name="content"/> read as UTF-8, as numbers: a string is made only for a line asked for.</summary>
    public static Table ComputeTable(byte[] content) => ComputeTable(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(content));

    /// <summary>The hashes of already decoded text, as numbers: a string is made only for a line asked for.</summary>
    /// <remarks>
    /// One loop with its state in locals (it was local functions over a captured closure, and a modulo per character:
    /// a quarter of the SARIF log's time on findings-heavy runs); the arithmetic and the order of events are the action's.
    /// </remarks>
    public static Table ComputeTable(string text)
    {
        var hashes = new List<ulong> { 0 };
        var counts = new List<int> { 0 };
        var window = new int[BlockSize];
        var lineNumbers = new int[BlockSize];
        Array.Fill(lineNumbers, -1);
        var hashCounts = new Dictionary<ulong, int>();
        ulong hash = 0;
        var index = 0;
        var lineNumber = 0;
        var lineStart = true;
        var previousWasCr = false;

        // Every character, then the end-of-file marker.
        for (var i = 0; i <= text.Length; i++)
        {
            int current = i < text.Length ? text[i] : EndOfFile;
            if (current == ' ' || current == '\t' || (previousWasCr && current == '\n'))
            {
                previousWasCr = false;
                continue;
            }

            if (current == '\r')
            {
                current = '\n';
                previousWasCr = true;
            }
            else
            {
                previousWasCr = false;
            }

            if (lineNumbers[index] != -1)
            {
                OutputHash(hash, index, lineNumbers, hashCounts, hashes, counts);
            }

            if (lineStart)
            {
                lineStart = false;
                lineNumber++;
                lineNumbers[index] = lineNumber;
            }

            if (current == '\n')
            {
                lineStart = true;
            }

            hash = UpdateHash(hash, current, ref index, window);
        }

        for (var i = 0; i < BlockSize; i++)
        {
            if (lineNumbers[index] != -1)
            {
                OutputHash(hash, index, lineNumbers, hashCounts, hashes, counts);
            }

            hash = UpdateHash(hash, 0, ref index, window);
        }

        return new Table(hashes.ToArray(), counts.ToArray());
    }

    /// <summary>The rolling hash with <paramref name="current"/> in and the character a block ago out.</summary>
    private static ulong UpdateHash(ulong hash, int current, ref int index, int[] window)
    {
        var begin = window[index];
        window[index] = current;
        index = index + 1 == BlockSize ? 0 : index + 1;
        unchecked
        {
            return (Modulus * hash) + (ulong)current - (FirstMod * (ulong)begin);
        }
    }

    /// <summary>The line that started a block ago gets the hash and its count so far.</summary>
    private static void OutputHash(ulong hash, int index, int[] lineNumbers, Dictionary<ulong, int> hashCounts, List<ulong> hashes, List<int> counts)
    {
        hashCounts.TryGetValue(hash, out var count);
        hashCounts[hash] = ++count;
        var line = lineNumbers[index];
        while (hashes.Count <= line)
        {
            hashes.Add(0);
            counts.Add(0);
        }

        hashes[line] = hash;
        counts[line] = count;
        lineNumbers[index] = -1;
    }

    /// <summary>
    /// A file's line hashes as numbers (the hash and how many lines up to this one have it), 1-based; formatting
    /// one as GitHub writes it (<c>hex:N</c>) allocates only that string.
    /// </summary>
    public sealed class Table
    {
        private readonly ulong[] hashes;
        private readonly int[] counts;

        internal Table(ulong[] hashes, int[] counts)
        {
            this.hashes = hashes;
            this.counts = counts;
        }

        /// <summary>The number of lines hashed (the line after a final line break counts, as in the action).</summary>
        public int LineCount => hashes.Length - 1;

        /// <summary>The <c>primaryLocationLineHash</c> of a 1-based line.</summary>
        public string Format(int line) =>
            hashes[line].ToString("x", CultureInfo.InvariantCulture) + ":" + counts[line].ToString(CultureInfo.InvariantCulture);

        /// <summary>Every line's value, index 0 an empty string.</summary>
        public IReadOnlyList<string> ToList()
        {
            var list = new List<string>(hashes.Length) { string.Empty };
            for (var line = 1; line < hashes.Length; line++)
            {
                list.Add(Format(line));
            }

            return list;
        }
    }

    private static ulong ComputeFirstMod()
    {
        ulong value = 1;
        unchecked
        {
            for (var i = 0; i < BlockSize; i++)
            {
                value *= Modulus;
            }
        }

        return value;
    }
}
