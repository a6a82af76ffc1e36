using YamlDotNet.Core;

namespace NcpPersistence.Bench;

/// <summary>
/// The floor the analyzer is measured against: pull every YAML event of every file through
/// YamlDotNet's Parser, single-threaded, building nothing.
/// </summary>
public static class FloorParse
{
    public static int Run(string directory)
    {
        long events = 0;
        var files = Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories).ToList();
        foreach (var file in files)
        {
            var parser = new Parser(new StringReader(File.ReadAllText(file)));
            while (parser.MoveNext())
            {
                events++;
            }
        }

        Console.WriteLine($"{files.Count} files, {events} events");
        return 0;
    }
}
