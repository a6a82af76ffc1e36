using System.Text;
using NUnit.Framework;
using NcpPersistence.Output;

namespace NcpPersistence.Tests.Output;

/// <summary>Compare-before-write: unchanged artifacts stay untouched, and the comparison never reads an old file whole.</summary>
[TestFixture]
public sealed class AtomicFileTests
{
    private string folder = "";

    [SetUp]
    public void SetUp()
    {
        folder = Path.Combine(Path.GetTempPath(), "ncp-atomic-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(folder, recursive: true);

    private static Action<Stream> Bytes(string text, int chunk = int.MaxValue) => stream =>
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            stream.Write(bytes, i, Math.Min(chunk, bytes.Length - i));
        }
    };

    [Test]
    public void The_same_content_is_not_rewritten_and_other_content_is()
    {
        var path = Path.Combine(folder, "plan.json");
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes("{ \"a\": 1 }\n")), Is.True, "a new file");
        var written = new FileInfo(path).LastWriteTimeUtc;
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes("{ \"a\": 1 }\n", chunk: 3)), Is.False);
        Assert.That(AtomicFile.WriteIfChanged(path, "{ \"a\": 1 }\n"), Is.False);
        Assert.That(new FileInfo(path).LastWriteTimeUtc, Is.EqualTo(written));
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes("{ \"a\": 2 }\n")), Is.True, "same length, other bytes");
        Assert.That(File.ReadAllText(path), Is.EqualTo("{ \"a\": 2 }\n"));
        Assert.That(AtomicFile.WriteIfChanged(path, "{ \"a\": 22 }\n"), Is.True);
        Assert.That(File.ReadAllText(path), Is.EqualTo("{ \"a\": 22 }\n"));
        Assert.That(Directory.GetFiles(folder), Has.Length.EqualTo(1), "no temporary file is left behind");
    }

    [Test]
    public void A_sarif_log_that_differs_only_in_its_timestamps_is_not_rewritten()
    {
        static string Log(string start, string end, string message) =>
            $"{{\n  \"runs\": [\n    {{\n      \"invocations\": [\n        {{\n          \"startTimeUtc\": \"{start}\",\n          \"endTimeUtc\": \"{end}\",\n          \"executionSuccessful\": true\n        }}\n      ],\n      \"results\": [\n        {{ \"message\": {{ \"text\": \"{message}\" }} }}\n      ]\n    }}\n  ]\n}}\n";
        var path = Path.Combine(folder, "log.sarif");
        var first = Log("2026-01-01T10:00:00.000Z", "2026-01-01T10:00:01.000Z", "same");
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes(first), AtomicFile.Comparison.IgnoringSarifTimestamps), Is.True);

        // Every way of cutting the new content into writes gives the same answer.
        for (var chunk = 1; chunk <= 40; chunk++)
        {
            var later = Log("2026-02-02T11:11:11.111Z", "2026-02-02T11:11:12.222Z", "same");
            Assert.That(AtomicFile.WriteIfChanged(path, Bytes(later, chunk), AtomicFile.Comparison.IgnoringSarifTimestamps), Is.False, $"chunk {chunk}");
            var changed = Log("2026-02-02T11:11:11.111Z", "2026-02-02T11:11:12.222Z", "SAME");
            Assert.That(AtomicFile.WriteIfChanged(path + chunk, Bytes(first), AtomicFile.Comparison.IgnoringSarifTimestamps), Is.True);
            Assert.That(AtomicFile.WriteIfChanged(path + chunk, Bytes(changed, chunk), AtomicFile.Comparison.IgnoringSarifTimestamps), Is.True, $"chunk {chunk}");
        }

        Assert.That(File.ReadAllText(path), Is.EqualTo(first), "the old timestamps stay: the file was not touched");

        // A timestamp name elsewhere on a line (escaped inside a string) is content, not a timestamp line.
        var quoted = first.Replace("\"same\"", "\"\\\"startTimeUtc\\\"\"", StringComparison.Ordinal);
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes(quoted), AtomicFile.Comparison.IgnoringSarifTimestamps), Is.True);
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes(quoted.Replace("\\\"startTimeUtc\\\"", "\\\"startTimeUtX\\\"", StringComparison.Ordinal)), AtomicFile.Comparison.IgnoringSarifTimestamps), Is.True);

        // Exact comparison sees the timestamps.
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes(first)), Is.True);
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes(first)), Is.False);
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes(Log("2026-03-03T00:00:00.000Z", "2026-01-01T10:00:01.000Z", "same"))), Is.True);
    }

    [Test]
    public void Lines_that_only_start_like_a_timestamp_are_content()
    {
        var path = Path.Combine(folder, "log.sarif");
        var text = "{\n  \"start\": 1,\n  \"startTimeUtcX\": 2,\n      \n  \"endTime\": 3\n  \"";
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes(text), AtomicFile.Comparison.IgnoringSarifTimestamps), Is.True);
        foreach (var other in new[] { text.Replace("X", "Y"), text.Replace("      \n", "     x\n"), text.Replace("  \"endTime\"", "  \"endTimf\""), text[..^1] + "x" })
        {
            for (var chunk = 1; chunk <= 9; chunk++)
            {
                Assert.That(AtomicFile.WriteIfChanged(path, Bytes(other, chunk), AtomicFile.Comparison.IgnoringSarifTimestamps), Is.True, $"{other} chunk {chunk}");
                Assert.That(AtomicFile.WriteIfChanged(path, Bytes(text, chunk), AtomicFile.Comparison.IgnoringSarifTimestamps), Is.True, $"back, chunk {chunk}");
            }
        }
    }

    /// <summary>Issue 16, F8: overwriting a 244 MB log read it whole (2.9 GiB). Now at most the new length plus one byte is read.</summary>
    [Test]
    public void The_comparison_reads_at_most_the_new_length_plus_one_byte()
    {
        var path = Path.Combine(folder, "big.sarif");
        var big = new string('x', 3 * 1024 * 1024) + "\n";
        File.WriteAllText(path, big);
        var small = "{\n  \"results\": []\n}\n";

        foreach (var comparison in new[] { AtomicFile.Comparison.Exact, AtomicFile.Comparison.IgnoringSarifTimestamps })
        {
            File.WriteAllText(path, big);
            AtomicFile.BytesReadComparing = 0;
            Assert.That(AtomicFile.WriteIfChanged(path, Bytes(small), comparison), Is.True);
            Assert.That(AtomicFile.BytesReadComparing, Is.LessThanOrEqualTo(small.Length + 1), comparison.ToString());
        }

        File.WriteAllText(path, big);
        AtomicFile.BytesReadComparing = 0;
        Assert.That(AtomicFile.WriteIfChanged(path, small), Is.True);
        Assert.That(AtomicFile.BytesReadComparing, Is.LessThanOrEqualTo(small.Length + 1));

        // The same length is read (once), never more.
        AtomicFile.BytesReadComparing = 0;
        Assert.That(AtomicFile.WriteIfChanged(path, Bytes(small), AtomicFile.Comparison.IgnoringSarifTimestamps), Is.False);
        Assert.That(AtomicFile.BytesReadComparing, Is.InRange(small.Length, small.Length + 1));
    }
}
