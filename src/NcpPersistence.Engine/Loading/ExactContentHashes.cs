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
        // Folder by folder (the file indices sorted by folder, without a string per file), with one small dictionary
        // at a time: the whole model is in memory now, and a map of every object would add tens of MiB at 50,000 files.
        var order = Enumerable.Range(0, files.Count).ToArray();
        Array.Sort(order, (a, b) => Folder(files[a].Path).CompareTo(Folder(files[b].Path), StringComparison.Ordinal));
        var rereads = new Dictionary<LoadedFile, List<KubeObject>>();
        var firstById = new Dictionary<ObjectId, KubeObject>();
        var copiesToHash = new HashSet<ObjectId>();
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && Folder(files[order[end]].Path).SequenceEqual(Folder(files[order[start]].Path)))
            {
                end++;
            }

            firstById.Clear();
            copiesToHash.Clear();
            for (var i = start; i < end; i++)
            {
                foreach (var item in files[order[i]].Objects)
                {
                    if (!firstById.TryAdd(item.Id, item) && firstById[item.Id] is var first && first.ContentHash != item.ContentHash
                        && (first.TextHashDocumentLine is not null || item.TextHashDocumentLine is not null))
                    {
                        copiesToHash.Add(item.Id);
                    }
                }
            }

            // Every object of such an identity that was hashed from its text, not only the two that differed: a third
            // copy equal in text to the first must stay equal to it once the first has its exact hash.
            for (var i = start; copiesToHash.Count > 0 && i < end; i++)
            {
                var file = files[order[i]];
                foreach (var item in file.Objects)
                {
                    if (item.TextHashDocumentLine is not null && copiesToHash.Contains(item.Id))
                    {
                        if (!rereads.TryGetValue(file, out var objects))
                        {
                            rereads[file] = objects = new List<KubeObject>();
                        }

                        objects.Add(item);
                    }
                }
            }

            start = end;
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

    private static ReadOnlySpan<char> Folder(string path)
    {
        var separator = path.AsSpan().LastIndexOfAny('/', Path.DirectorySeparatorChar);
        return separator < 0 ? ReadOnlySpan<char>.Empty : path.AsSpan(0, separator);
    }
}
