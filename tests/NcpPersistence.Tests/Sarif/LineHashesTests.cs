using NUnit.Framework;
using NcpPersistence.Output;

namespace NcpPersistence.Tests.Sarif;

/// <summary>The expected values are the published test vectors of GitHub's upload action for primaryLocationLineHash.</summary>
[TestFixture]
public sealed class LineHashesTests
{
    private static IEnumerable<TestCaseData> Vectors()
    {
        yield return new TestCaseData("", new[] { "c129715d7a2bc9a3:1" }).SetName("empty file");
        yield return new TestCaseData(" a\nb\n  \t\tc\n d", new[] { "271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1" }).SetName("leading blanks");
        var sevenLines = new[] { "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1" };
        yield return new TestCaseData(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", sevenLines).SetName("LF");
        yield return new TestCaseData(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", sevenLines).SetName("CR");
        yield return new TestCaseData(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", sevenLines).SetName("CRLF");
        yield return new TestCaseData(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", sevenLines).SetName("mixed line ends");
        yield return new TestCaseData(string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet.\n", 10)), new[]
        {
            "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
            "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
        }).SetName("repeated lines");
    }

    [TestCaseSource(nameof(Vectors))]
    public void Matches_the_upload_action(string text, string[] expected)
    {
        Assert.That(LineHashes.Compute(text).Skip(1), Is.EqualTo(expected));
    }
}
