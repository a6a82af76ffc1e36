using System.Globalization;

namespace NcpPersistence.Output;

/// <summary>
/// Runs a front end under the invariant culture, so that the console lines, the SARIF log and the plan are the
/// same bytes under every locale (under de_DE "2,000 bytes" was "2.000 bytes", under ar_SA another separator,
/// F15). The culture flows to the worker threads of the analysis (it is async-local) and is restored on dispose,
/// so the MSBuild node that hosts the task keeps its own.
/// </summary>
public sealed class OutputCulture : IDisposable
{
    private readonly CultureInfo culture;
    private readonly CultureInfo uiCulture;

    private OutputCulture()
    {
        culture = CultureInfo.CurrentCulture;
        uiCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
    }

    public static OutputCulture UseInvariant() => new();

    public void Dispose()
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
    }
}
