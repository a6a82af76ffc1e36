#!/usr/bin/env bash
# Publishes ncp-persistence as one self-contained executable for linux-x64: it runs where no .NET is
# installed (a GitLab, Jenkins or Argo job, a distroless container). The one place the publish settings live,
# so that more (ReadyToRun, trimming) can be added here.
#
# Usage: bash eng/publish-single-file.sh [OUTPUT_DIR=artifacts/ncp-persistence-linux-x64] [extra dotnet publish arguments]
# Result: OUTPUT_DIR/ncp-persistence (about 70 MB; it unpacks nothing at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/ncp-persistence-linux-x64}
shift || true
# -p:DebugType=none: no .pdb beside the binary. InvariantGlobalization: no ICU needed on the target machine
# (messages and paths are culture-invariant anyway).
dotnet publish src/NcpPersistence.Cli -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:InvariantGlobalization=true \
  -p:DebugType=none -o "$out" -nologo "$@"
echo "published $out/ncp-persistence"
