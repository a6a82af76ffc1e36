#!/usr/bin/env bash
# Linearity in every dimension of issue 16 (files, objects per file, findings, findings with SARIF and plan,
# suppressions, suppression comments, INI keys, .editorconfig sections and globs, template braces):
# each is generated at 1x, 2x and 4x, analysed in-process on one thread (best of ROUNDS, interleaved),
# and the time ratios printed. Linear: 2x/1x ~ 2, 4x/1x ~ 4. Quadratic: 4 and 16.
# Usage: bash bench/dimensions.sh [SCALE=1] [ROUNDS=3] [NAME-FILTER]   (SCALE multiplies every base size)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release bench/NcpPersistence.Bench -v q -nologo >/dev/null
dotnet bench/NcpPersistence.Bench/bin/Release/net8.0/NcpPersistence.Bench.dll dimensions "${1:-1}" "${2:-3}" "${3:-}"
