#!/usr/bin/env bash
# No-op incremental `dotnet build` of the same small project with and without the NcpPersistence package,
# interleaved, medians and each round's overhead (with / without). Usage: bash bench/msbuild-noop.sh [RUNS=9]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
runs=${1:-9}
scratch_folder work ncp-noop
# The freshly packed package goes to a private package folder: restoring it into the user's global one would
# leave this build there as NcpPersistence <version>, to be picked up by the next project that asks for it.
export NUGET_PACKAGES="$work/packages"
dotnet pack NcpPersistence.sln -c Release -o "$work/feed" -v q -nologo >/dev/null
version=$(ls "$work/feed" | sed -n 's/^NcpPersistence\.\([0-9].*\)\.nupkg$/\1/p')
# The consumers restore into a private package folder: the user's NuGet cache never gets this build's
# NcpPersistence package (a later restore of the same version elsewhere would take that stale copy).
export NUGET_PACKAGES="$work/packages"
cat > "$work/NuGet.config" <<XML
<configuration><packageSources><clear /><add key="local" value="$work/feed" /></packageSources></configuration>
XML
echo '<Project />' > "$work/Directory.Build.props"; echo '<Project />' > "$work/Directory.Build.targets"
for variant in with without; do
  mkdir -p "$work/$variant/manifests"
  cp examples/cafe-fixed/manifests/*.yaml "$work/$variant/manifests/"
  reference=""
  [ "$variant" = with ] && reference="<ItemGroup><PackageReference Include=\"NcpPersistence\" Version=\"$version\" PrivateAssets=\"all\" /></ItemGroup>"
  cat > "$work/$variant/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  $reference
</Project>
XML
  echo 'namespace App; public static class Marker { }' > "$work/$variant/Marker.cs"
  (cd "$work/$variant" && dotnet build -nologo -v q >/dev/null)
done
test -f "$work/with/bin/ncp-persistence/nsx-profile-plan.json"

measure() { # variant, extra args
  local start end
  start=$(date +%s.%N); (cd "$work/$1" && dotnet build -nologo -v q $2 >/dev/null); end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f", e - s}'
}
for mode in "" "--no-restore"; do
  with=(); without=()
  for ((i = 0; i < runs; i++)); do with+=("$(measure with "$mode")"); without+=("$(measure without "$mode")"); done
  w=$(median "${with[@]}"); wo=$(median "${without[@]}")
  ratios=(); for ((i = 0; i < runs; i++)); do ratios+=("$(awk -v w="${with[$i]}" -v o="${without[$i]}" 'BEGIN {printf "%.4f", w / o}')"); done
  spread=$(printf '%s\n' "${ratios[@]}" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%+.1f%% to %+.1f%%", (lo - 1) * 100, (hi - 1) * 100}')
  echo "dotnet build ${mode:-(with restore)}: without package median ${wo} s, with package median ${w} s, overhead $(awk -v w="$w" -v o="$wo" 'BEGIN {printf "%+.1f%%", (w / o - 1) * 100}') (of the medians); per round: median $(median "${ratios[@]}" | awk '{printf "%+.1f%%", ($1 - 1) * 100}'), spread ${spread}"
  echo "  runs without: ${without[*]}"
  echo "  runs with:    ${with[*]}"
done
