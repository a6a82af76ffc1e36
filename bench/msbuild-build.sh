#!/usr/bin/env bash
# Non-incremental `dotnet build` of a project over a generated corpus, with and without the NcpPersistence
# package, interleaved with the CLI writing the same three artifacts, medians and each round's differences.
# The package's cost is (with - without); the target is at most the CLI's time plus 0.3 s.
#
# The corpus is copied into a scratch folder with an .editorconfig that makes NCP3001 a warning, so that
# both builds compile (an error would stop the build with the package before CoreCompile, and make it look cheap).
# The consumer projects restore into a private NuGet package folder, so no NcpPersistence package is left
# in the user's cache.
#
# Usage: bash bench/msbuild-build.sh [FILES=5000] [RUNS=5]     (KEEP=1 keeps the scratch folder)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
files=${1:-5000}
runs=${2:-5}
repo=$PWD
scratch_folder work ncp-build

dotnet build -c Release bench/NcpPersistence.Bench -v q -nologo >/dev/null
dotnet build -c Release src/NcpPersistence.Cli -v q -nologo >/dev/null
dotnet pack NcpPersistence.sln -c Release -o "$work/feed" -v q -nologo >/dev/null
bench=$repo/bench/NcpPersistence.Bench/bin/Release/net8.0/NcpPersistence.Bench.dll
cli=$repo/src/NcpPersistence.Cli/bin/Release/net8.0/ncp-persistence.dll
version=$(ls "$work/feed" | sed -n 's/^NcpPersistence\.\([0-9].*\)\.nupkg$/\1/p')

corpus=/tmp/ncp-corpus-$files
[ -d "$corpus" ] || dotnet "$bench" generate "$corpus" "$files" 42
cp -r "$corpus" "$work/manifests"
printf 'root = true\n[*.{yaml,yml}]\ndotnet_diagnostic.NCP3001.severity = warning\n' > "$work/manifests/.editorconfig"

export NUGET_PACKAGES="$work/packages"
cat > "$work/NuGet.config" <<XML
<configuration><packageSources><clear /><add key="local" value="$work/feed" /></packageSources></configuration>
XML
echo '<Project />' > "$work/Directory.Build.props"; echo '<Project />' > "$work/Directory.Build.targets"
for variant in with without; do
  mkdir -p "$work/$variant"
  reference=""
  [ "$variant" = with ] && reference="<ItemGroup><PackageReference Include=\"NcpPersistence\" Version=\"$version\" PrivateAssets=\"all\" /></ItemGroup>"
  cat > "$work/$variant/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <NcpManifestFolders>$work/manifests</NcpManifestFolders>
  </PropertyGroup>
  $reference
</Project>
XML
  echo 'namespace App; public static class Marker { }' > "$work/$variant/Marker.cs"
  (cd "$work/$variant" && dotnet build -nologo -v q >/dev/null)
done
test -f "$work/with/bin/ncp-persistence/ncp-persistence.sarif"

seconds() { # command...
  local start end
  start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f", e - s}'
}
build() { (cd "$work/$1" && dotnet build -nologo -v q --no-restore --no-incremental); }
artifacts() { rm -rf "$work/cli"; dotnet "$cli" "$work/manifests" --sarif "$work/cli/ncp.sarif" --plan "$work/cli/plan.json" --plan-markdown "$work/cli/plan.md"; }

with=(); without=(); clis=(); overheads=(); margins=()
for ((i = 0; i < runs; i++)); do
  wo=$(seconds build without); w=$(seconds build with); c=$(seconds artifacts)
  without+=("$wo"); with+=("$w"); clis+=("$c")
  overheads+=("$(awk -v w="$w" -v o="$wo" 'BEGIN {printf "%.3f", w - o}')")
  margins+=("$(awk -v w="$w" -v o="$wo" -v c="$c" 'BEGIN {printf "%.3f", (w - o) - c}')")
done
# The analysis ran in the builds with the package: its log has the findings.
grep -q "\"ruleId\": \"NCP3001\"" "$work/with/bin/ncp-persistence/ncp-persistence.sarif"

[ -z "${KEEP:-}" ] || echo "scratch folder kept: $work"
echo "machine: $(nproc) cores; dotnet $(dotnet --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $files files ($(du -sh "$work/manifests" | cut -f1)), $runs interleaved rounds of: build without, build with, CLI with 3 artifacts"
echo "dotnet build --no-incremental without the package: median $(median "${without[@]}") s   runs: ${without[*]}"
echo "dotnet build --no-incremental with the package:    median $(median "${with[@]}") s   runs: ${with[*]}"
echo "ncp-persistence with the 3 artifacts:             median $(median "${clis[@]}") s   runs: ${clis[*]}"
echo "package cost (with - without):                    median $(median "${overheads[@]}") s   spread $(spread_as "%+.2f to %+.2f" "${overheads[@]}")"
echo "package cost - CLI time (target <= 0.3 s):        median $(median "${margins[@]}") s   spread $(spread_as "%+.2f to %+.2f" "${margins[@]}")"
