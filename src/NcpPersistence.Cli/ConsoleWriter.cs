using System.Text;

namespace NcpPersistence.Cli;

/// <summary>
/// Standard output or error that may be closed: a line that cannot be written is counted, never thrown,
/// so that a closed stream cannot end the run with a stack trace.
/// </summary>
internal sealed class ConsoleWriter : TextWriter
{
    private readonly TextWriter inner;
    private readonly ConsoleWriter? flushedFirst;
    private bool broken;

    // Lines handed to a buffered writer and not flushed yet: if the flush fails, they are the ones lost.
    private int unflushedLines;

    /// <param name="inner">Where the text goes.</param>
    /// <param name="flushedFirst">A buffered writer to flush before each write to this one (standard output before
    /// standard error), so that the two streams keep their order on a terminal or in <c>2&gt;&amp;1</c>.</param>
    public ConsoleWriter(TextWriter inner, ConsoleWriter? flushedFirst = null)
    {
        this.inner = inner;
        this.flushedFirst = flushedFirst;
    }

    /// <summary>
    /// Standard output, buffered when it is redirected to a file or a pipe (as in CI): a run with 50,000 findings
    /// would otherwise make a system call per line (Console.Out flushes each write). On a terminal the console's own
    /// writer is kept (it knows the terminal's encoding, and a person reads the lines as they come).
    /// </summary>
    public static ConsoleWriter StandardOutput()
    {
        if (!Console.IsOutputRedirected)
        {
            return new ConsoleWriter(Console.Out);
        }

        var encoding = Console.OutputEncoding is { CodePage: 65001 } ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) : Console.OutputEncoding;
        return new ConsoleWriter(new StreamWriter(Console.OpenStandardOutput(), encoding, bufferSize: 64 * 1024) { AutoFlush = false });
    }

    public override Encoding Encoding => inner.Encoding;

    /// <summary>Lines that could not be written.</summary>
    public int LostLines { get; private set; }

    public override void Write(char value) => Try(() => inner.Write(value), lines: 0);

    public override void Write(string? value) => Try(() => inner.Write(value), lines: 0);

    public override void WriteLine(string? value) => Try(() => inner.WriteLine(value), lines: 1);

    public override void Flush()
    {
        if (!broken)
        {
            try
            {
                inner.Flush();
                unflushedLines = 0;
                return;
            }
            catch (Exception exception) when (IsClosedStream(exception))
            {
                Break();
            }
        }
    }

    private void Try(Action write, int lines)
    {
        flushedFirst?.Flush();
        if (!broken)
        {
            try
            {
                write();
                unflushedLines += lines;
                return;
            }
            catch (Exception exception) when (IsClosedStream(exception))
            {
                Break();
            }
        }

        LostLines += lines;
    }

    /// <summary>The stream is closed: nothing more is written, and what a buffer held is lost with it.</summary>
    private void Break()
    {
        broken = true;
        LostLines += unflushedLines;
        unflushedLines = 0;
    }

    private static bool IsClosedStream(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or ObjectDisposedException;
}
