#!/usr/bin/env bash
# Is there a faster YAML parser to build on? The floor program (every YAML event of every file, single-threaded,
# building nothing) built against each YAML library the package registry serves, run interleaved over one corpus,
# medians and each round's ratio to the engine's own YamlDotNet. And what the machine's second core is worth to a
# parse: two floors side by side against one alone (the engine's load runs on every core).
#
# Usage: bash bench/parsers.sh [CORPUS=standard|f16|conflicts] [RUNS=5]
#   standard: the 5,000-file corpus of bench/run.sh; f16: the same with about 10 times the findings;
#   conflicts: the 50,000 NCP3001 conflicts of bench/findings.sh (101 files of 1,000 documents).
#   PARSERS="YamlDotNet:16.3.0 YamlDotNet:18.1.0 SharpYaml:3.17.0"   the libraries and versions to compare
#   (the first is the reference: the version the engine and bench/run.sh's floor use).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
which=${1:-standard}
runs=${2:-5}
parsers=${PARSERS:-"YamlDotNet:16.3.0 YamlDotNet:18.1.0 SharpYaml:3.17.0"}

dotnet build -c Release bench/NcpPersistence.Bench -v q -nologo >/dev/null
bench=bench/NcpPersistence.Bench/bin/Release/net8.0/NcpPersistence.Bench.dll
case $which in
  standard) corpus=/tmp/ncp-corpus-5000; [ -d "$corpus" ] || dotnet "$bench" generate "$corpus" 5000 42 1 ;;
  f16) corpus=/tmp/ncp-corpus-5000-f16; [ -d "$corpus" ] || dotnet "$bench" generate "$corpus" 5000 42 16 ;;
  conflicts) corpus=/tmp/ncp-conflicts-50000; [ -d "$corpus" ] || dotnet "$bench" conflicts "$corpus" 50000 500 >/dev/null ;;
  *) echo "usage: bash bench/parsers.sh [standard|f16|conflicts] [RUNS]" >&2; exit 2 ;;
esac

scratch_folder work ncp-parsers

# One floor program per library: the same loop as bench/NcpPersistence.Bench/FloorParse.cs, through each
# library's low-level event parser (both libraries' parsers scan and parse; neither builds a tree here).
names=()
for parser in $parsers; do
  library=${parser%%:*}
  version=${parser#*:}
  case $library in
    YamlDotNet) create='new YamlDotNet.Core.Parser(new StringReader(File.ReadAllText(file)))' ;;
    SharpYaml) create='SharpYaml.Parser.CreateParser(new StringReader(File.ReadAllText(file)))' ;;
    *) echo "parsers.sh: no floor program for $library" >&2; exit 2 ;;
  esac
  name="$library-$version"
  mkdir -p "$work/$name"
  cat > "$work/$name/floor.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework><RollForward>Major</RollForward>
    <ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup><PackageReference Include="$library" Version="$version" /></ItemGroup>
</Project>
XML
  cat > "$work/$name/Floor.cs" <<CS
long events = 0;
var files = Directory.EnumerateFiles(args[0], "*.yaml", SearchOption.AllDirectories).ToList();
foreach (var file in files)
{
    var parser = $create;
    while (parser.MoveNext())
    {
        events++;
    }
}

Console.WriteLine(\$"{files.Count} files, {events} events");
CS
  dotnet build -c Release "$work/$name" -o "$work/$name/out" -v q -nologo >/dev/null
  names+=("$name")
done

# Every library must read the corpus as the same stream of events, or the comparison means nothing.
reference_events=$(dotnet "$work/${names[0]}/out/floor.dll" "$corpus")
for name in "${names[@]:1}"; do
  events=$(dotnet "$work/$name/out/floor.dll" "$corpus")
  [ "$events" = "$reference_events" ] || echo "note: $name reads $events, ${names[0]} $reference_events"
done

timed() { /usr/bin/time -o "$work/time" -f "%e" "$@" >/dev/null 2>&1; tail -1 "$work/time"; }

declare -A seconds ratios
alone=(); side=()
for ((round = 1; round <= runs; round++)); do
  reference=""
  for name in "${names[@]}"; do
    t=$(timed dotnet "$work/$name/out/floor.dll" "$corpus")
    seconds[$name]+="$t "
    [ -z "$reference" ] && reference=$t
    ratios[$name]+="$(awk -v t="$t" -v r="$reference" 'BEGIN {printf "%.3f", t / r}') "
  done
  # Two reference floors at once: each one's time against one alone (1.0 = the second core is a whole core).
  a=$(timed dotnet "$work/${names[0]}/out/floor.dll" "$corpus")
  timed dotnet "$work/${names[0]}/out/floor.dll" "$corpus" > "$work/side1" &
  b=$(timed dotnet "$work/${names[0]}/out/floor.dll" "$corpus")
  wait
  c=$(cat "$work/side1")
  alone+=("$a"); side+=("$(awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN {printf "%.3f", (b + c) / 2 / a}')")
done

echo "machine: $(nproc) cores; dotnet $(dotnet --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $corpus ($reference_events), $runs interleaved rounds"
for name in "${names[@]}"; do
  # shellcheck disable=SC2086
  echo "$name: median $(median ${seconds[$name]}) s   ratio to ${names[0]}: median $(median ${ratios[$name]}), spread $(spread ${ratios[$name]})   runs: ${seconds[$name]}"
done
echo "two ${names[0]} floors side by side, each against one alone: median $(median "${side[@]}"), spread $(spread "${side[@]}") (the second core's worth to a parse: 2 / that)"
