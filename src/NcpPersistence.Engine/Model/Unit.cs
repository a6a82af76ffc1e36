namespace NcpPersistence.Model;

/// <summary>What kind of thing is applied together.</summary>
public enum UnitKind
{
    /// <summary>A file named explicitly (or standard input): <c>kubectl apply -f file</c>.</summary>
    File,

    /// <summary>The files of one folder, not its sub-folders: <c>kubectl apply -f folder/</c>.</summary>
    Folder,

    /// <summary>The output of one Kustomize build.</summary>
    KustomizeBuild,
}

/// <summary>
/// A deployment unit: documents that are applied together, so two different definitions of one object
/// inside it really compete (NCP9005), and a backend Service is looked for here first.
/// </summary>
public sealed class Unit
{
    public Unit(UnitKind kind, string root, IReadOnlyList<KubeObject> objects)
    {
        Kind = kind;
        Root = root;
        Objects = objects;
    }

    public UnitKind Kind { get; }

    /// <summary>The file, the folder, or the kustomization's folder (a full path).</summary>
    public string Root { get; }

    /// <summary>The unit's objects in document order.</summary>
    public IReadOnlyList<KubeObject> Objects { get; }

    /// <summary>The folder the unit's documents live in (for folder proximity).</summary>
    public string Folder => Kind == UnitKind.File ? System.IO.Path.GetDirectoryName(Root) ?? Root : Root;

    public override string ToString() => $"{Kind} {Root}";
}
