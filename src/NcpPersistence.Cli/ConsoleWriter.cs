using System.Text;

namespace NcpPersistence.Cli;

/// <summary>
/// Standard output or error that may be closed: a line that cannot be written is counted, never thrown,
/// so that a closed stream cannot end the run with a stack trace.
/// </summary>
internal sealed class ConsoleWriter : TextWriter
{
    private readonly TextWriter inner;
    private bool broken;

    public ConsoleWriter(TextWriter inner) => this.inner = inner;

    public override Encoding Encoding => inner.Encoding;

    /// <summary>Lines that could not be written.</summary>
    public int LostLines { get; private set; }

    public override void Write(char value) => Try(() => inner.Write(value), counts: false);

    public override void Write(string? value) => Try(() => inner.Write(value), counts: false);

    public override void WriteLine(string? value) => Try(() => inner.WriteLine(value), counts: true);

    public override void Flush() => Try(inner.Flush, counts: false);

    private void Try(Action write, bool counts)
    {
        if (!broken)
        {
            try
            {
                write();
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                broken = true;
            }
        }

        if (counts)
        {
            LostLines++;
        }
    }
}
