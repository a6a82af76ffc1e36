using NcpPersistence.Model;
using NcpPersistence.Yaml;

namespace NcpPersistence.Loading;

/// <summary>
/// Of a document of a kind the analysis does not read, only the identity is parsed, and the rest is hashed as text
/// (<see cref="ContentHasher.AddSkippedText"/>). Two copies of one object that differ only in layout (a list indented
/// otherwise, flow style, key order) would then look like two different definitions, a false NCP9005. So, once every
/// file is loaded, each object that another object of the same identity in the same folder (a folder is the widest
/// unit of loaded files) may duplicate, with a different hash, gets the hash of its content instead: its file is read
/// again, whole. Copies are few, so this costs little; a file read whole is as it was before the skip.
/// </summary>
internal static class ExactContentHashes
{
    /// <param name="files">The loaded files.</param>
    /// <param name="textOf">The decoded text of a file as it was loaded, or null when it cannot be read again.</param>
    public static void Refine(IReadOnlyList<LoadedFile> files, Func<LoadedFile, string?> textOf)
    {
        var byFolderAndId = new Dictionary<(string? Folder, ObjectId Id), List<(LoadedFile File, KubeObject Object)>>();
        foreach (var file in files)
        {
            var folder = Path.GetDirectoryName(file.Path);
            foreach (var item in file.Objects)
            {
                if (!byFolderAndId.TryGetValue((folder, item.Id), out var same))
                {
                    byFolderAndId[(folder, item.Id)] = same = new List<(LoadedFile, KubeObject)>(1);
                }

                same.Add((file, item));
            }
        }

        var rereads = new Dictionary<LoadedFile, List<KubeObject>>();
        foreach (var same in byFolderAndId.Values)
        {
            if (same.Count < 2 || !same.Any(s => s.Object.TextHashDocumentLine is not null) || same.All(s => s.Object.ContentHash == same[0].Object.ContentHash))
            {
                continue;
            }

            foreach (var (file, item) in same.Where(s => s.Object.TextHashDocumentLine is not null))
            {
                if (!rereads.TryGetValue(file, out var objects))
                {
                    rereads[file] = objects = new List<KubeObject>();
                }

                objects.Add(item);
            }
        }

        foreach (var (file, objects) in rereads)
        {
            if (textOf(file) is not { } text)
            {
                continue; // the text hash stays: at worst a copy laid out otherwise is reported as a duplicate
            }

            var hashes = new Dictionary<int, ulong>();
            YamlDocumentReader.Read(YamlTextRepair.Repair(text), (_, _) => true, document =>
            {
                if (document.Root?.Resolved is YMapping root)
                {
                    hashes[document.Line] = root.ContentHash;
                }
            });

            foreach (var item in objects)
            {
                // A document past a YAML error in a part that was skipped has no exact hash: its text hash stays.
                if (hashes.TryGetValue(item.TextHashDocumentLine!.Value, out var hash))
                {
                    item.ContentHash = hash;
                    item.TextHashDocumentLine = null;
                }
            }
        }
    }
}
