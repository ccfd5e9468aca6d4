#!/usr/bin/env bash
# Builds the KServe controller manager (github.com/kserve/kserve/cmd/manager) from the Go module proxy, at each
# pinned version, into a cache OUTSIDE the work tree:
#   ${MODELCAR_KSERVE_CACHE:-$HOME/.cache/modelcar-console/kserve}/<version>/manager
# Nothing of KServe is committed: a small wrapper module (generated in the cache) requires KServe at the pinned
# version and repeats the `replace` lines of KServe's own go.mod (a dependency's replaces are ignored by Go),
# read from that go.mod at build time. The tests read KServe's CRDs and webhook configurations from the module's
# own config/ directory, in the Go module cache (`go env GOMODCACHE`), which this script also fills.
# Idempotent: a version whose binary exists is skipped. Usage: build.sh [version...]
set -euo pipefail

VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(v0.20.0 v0.17.0)
CACHE="${MODELCAR_KSERVE_CACHE:-$HOME/.cache/modelcar-console/kserve}"
MODULE=github.com/kserve/kserve

command -v go >/dev/null 2>&1 || { echo "kserve: go is missing (Go >= 1.25 needed to build KServe)" >&2; exit 1; }

for version in "${VERSIONS[@]}"; do
  out="$CACHE/$version"
  if [ -x "$out/manager" ] && [ -d "$(go env GOMODCACHE)/$MODULE@$version/config" ]; then
    echo "kserve $version: $out/manager already built"
    continue
  fi
  start=$(date +%s)
  work="$out/wrapper"
  mkdir -p "$work"
  echo "kserve $version: downloading $MODULE@$version"
  gomod="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$MODULE@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  [ -f "$gomod" ] || { echo "kserve $version: no go.mod for $MODULE@$version" >&2; exit 1; }
  echo "kserve $version: wrapper module in $work, repeating the replace lines of $gomod"
  {
    echo "module modelcar-console/kserve-build"
    echo
    echo "go $(sed -n 's/^go \([0-9.]*\)$/\1/p' "$gomod")"
    echo
    echo "require $MODULE $version"
    echo
    # the replace directives, single-line and block form, exactly as KServe's go.mod has them
    awk '/^replace \(/{inblock=1; print; next} inblock{print; if ($0 ~ /^\)/) inblock=0; next} /^replace /{print}' "$gomod"
  } > "$work/go.mod"
  rm -f "$work/go.sum"
  echo "kserve $version: resolving the build list (go get $MODULE/cmd/manager@$version)"
  (cd "$work" && go get "$MODULE/cmd/manager@$version")
  echo "kserve $version: building $MODULE/cmd/manager (CGO_ENABLED=0 -trimpath -p 2 -ldflags \"-s -w\")"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -p 2 -ldflags "-s -w" -o "$out/manager.tmp" "$MODULE/cmd/manager")
  mv "$out/manager.tmp" "$out/manager"
  echo "kserve $version: built $out/manager in $(( $(date +%s) - start )) s"
done
