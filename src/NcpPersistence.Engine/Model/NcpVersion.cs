using System.Globalization;

namespace NcpPersistence.Model;

/// <summary>
/// An NCP release (<c>--ncp-version</c>, <c>NcpVersion</c>, a cluster's <c>ncpVersion</c>): <c>X.Y</c>,
/// <c>X.Y.Z</c>, or NCP's own four-part release names such as <c>4.1.2.1</c>. Missing parts are 0, so
/// <c>4.1</c> is 4.1.0. No version given means the newest behaviour. The behaviours that depend on the
/// release are named here, each with the first release that has it (docs/rules cite the sources).
/// </summary>
public readonly record struct NcpVersion(int Major, int Minor, int Patch, int Build) : IComparable<NcpVersion>
{
    /// <summary><c>None</c>/<c>NONE</c>/<c>none</c> are choices of <c>l4_persistence</c> and <c>l7_persistence</c> (and <c>"none"</c> of a TKGI <c>persistence_type</c>).</summary>
    public static readonly NcpVersion NoneValues = new(4, 1, 1, 0);

    /// <summary><c>[nsx_v3] cookie_name</c> exists.</summary>
    public static readonly NcpVersion CookieName = new(3, 2, 0, 0);

    /// <summary>The LoadBalancer CRD (<c>vmware.com/v1alpha1</c> <c>LoadBalancer</c>, <c>nsx/loadbalancer</c>) exists (Manager mode; Policy mode from 3.0.1).</summary>
    public static readonly NcpVersion LoadBalancerCrd = new(2, 5, 1, 0);

    /// <summary>Parses <c>X.Y</c>, <c>X.Y.Z</c> or <c>X.Y.Z.W</c> (non-negative decimal numbers, no sign, no prefix).</summary>
    public static bool TryParse(string? text, out NcpVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length is < 2 or > 4)
        {
            return false;
        }

        var numbers = new int[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 9 || !parts[i].All(char.IsAsciiDigit))
            {
                return false;
            }

            numbers[i] = int.Parse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture);
        }

        version = new NcpVersion(numbers[0], numbers[1], numbers[2], numbers[3]);
        return true;
    }

    /// <summary>What an invalid version should look like, for messages.</summary>
    public const string Expected = "an NCP release such as 4.1.2 (X.Y or X.Y.Z, digits only)";

    public int CompareTo(NcpVersion other)
    {
        var result = Major.CompareTo(other.Major);
        if (result == 0)
        {
            result = Minor.CompareTo(other.Minor);
        }

        if (result == 0)
        {
            result = Patch.CompareTo(other.Patch);
        }

        return result != 0 ? result : Build.CompareTo(other.Build);
    }

    public static bool operator <(NcpVersion left, NcpVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(NcpVersion left, NcpVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(NcpVersion left, NcpVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(NcpVersion left, NcpVersion right) => left.CompareTo(right) >= 0;

    /// <summary><c>4.1</c>, <c>4.1.1</c>, <c>4.1.2.1</c>: trailing zero parts after the minor version are left out.</summary>
    public override string ToString() =>
        Build != 0 ? $"{Major}.{Minor}.{Patch}.{Build}"
        : Patch != 0 ? $"{Major}.{Minor}.{Patch}"
        : $"{Major}.{Minor}";
}

/// <summary>The NCP release a configuration is checked for, and how the user gave it (for messages).</summary>
/// <param name="Version">The release.</param>
/// <param name="Source">What the user typed to give it: <c>--ncp-version 4.0</c>, <c>NcpVersion 4.0</c>, <c>ncpVersion of cluster prod</c>.</param>
public sealed record NcpRelease(NcpVersion Version, string Source)
{
    /// <summary>Whether the release has a behaviour first released in <paramref name="since"/>; true with no release given (the newest behaviour).</summary>
    public static bool Has(NcpRelease? release, NcpVersion since) => release is null || release.Version >= since;

    /// <summary><c>NCP 4.0 (--ncp-version)</c>.</summary>
    public string Describe() => $"NCP {Version} ({Source})";
}
