#!/usr/bin/env bash
# Builds the real Kubernetes control plane the tests, the sandbox and the benchmarks run against:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl and kwok (which plays the nodes),
# from Go modules pinned by the go.mod/go.sum files beside this script. Nothing is built into the work tree:
# the binaries go to a cache per Kubernetes version,
#   ${MODELCAR_CP_CACHE:-$HOME/.cache/modelcar-console/control-plane}/<kubernetes version>/bin
# which is where testsupport/ControlPlane looks for them. Idempotent: a binary already built from the same
# module version is kept, so a second run takes a second. Needs Go (1.24 or newer) and the Go module proxy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

module_version() { # <go.mod> <module path> -> the version that go.mod requires
  awk -v m="$2" '$1 == m && $2 ~ /^v/ { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$1"
}

k8s_version="$(module_version "$here/kubernetes/go.mod" k8s.io/kubernetes)"
etcd_version="$(module_version "$here/etcd/go.mod" go.etcd.io/etcd/server/v3)"
kwok_version="$(module_version "$here/kwok/go.mod" sigs.k8s.io/kwok)"
cache="${MODELCAR_CP_CACHE:-$HOME/.cache/modelcar-console/control-plane}"
bin="$cache/$k8s_version/bin"
mkdir -p "$bin"

command -v go >/dev/null 2>&1 || { echo "control plane: Go is not installed (https://go.dev/dl/, 1.24 or newer)" >&2; exit 1; }

export CGO_ENABLED=0
# Two build jobs: the machines this runs on have two cores, shared.
build_flags=(-p 2 -trimpath -ldflags "-s -w")

# build <module dir> <stamp> <binary name> <package>: builds one binary unless the cache has it for this stamp.
build() {
  local dir="$1" stamp="$2" name="$3" pkg="$4"
  if [ -x "$bin/$name" ] && [ "$(cat "$bin/.$name.version" 2>/dev/null)" = "$stamp" ]; then
    echo "control plane: $name $stamp already built in $bin"
    return
  fi
  echo "control plane: building $name $stamp ($pkg) into $bin ..."
  local started=$SECONDS
  (cd "$here/$dir" && go build "${build_flags[@]}" -o "$bin/$name.partial" "$pkg")
  mv -f "$bin/$name.partial" "$bin/$name"
  echo "$stamp" > "$bin/.$name.version"
  echo "control plane: built $name in $((SECONDS - started)) s"
}

# The Kubernetes binaries report their version from ldflags the Kubernetes makefiles set; set the same so
# that `kubectl version` and the API server's /version tell the release instead of v0.0.0.
k8s_x="k8s.io/client-go/pkg/version"
k8s_c="k8s.io/component-base/version"
k8s_ldflags=""
for p in "$k8s_x" "$k8s_c"; do
  k8s_ldflags+=" -X $p.gitVersion=$k8s_version"
  k8s_ldflags+=" -X $p.gitMajor=$(echo "${k8s_version#v}" | cut -d. -f1) -X $p.gitMinor=$(echo "$k8s_version" | cut -d. -f2)"
  k8s_ldflags+=" -X $p.gitTreeState=clean"
done
build_flags=(-p 2 -trimpath -ldflags "-s -w$k8s_ldflags")
for name in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  build kubernetes "$k8s_version" "$name" "k8s.io/kubernetes/cmd/$name"
done
build_flags=(-p 2 -trimpath -ldflags "-s -w")
# the kubelet's image reference parser, for OciReferencesOracleTest (a few lines of ours in the same module graph)
build kubernetes "$k8s_version-$(sha256sum "$here/kubernetes/imageref/main.go" | cut -c1-12)" imageref ./imageref
build etcd "$etcd_version" etcd go.etcd.io/etcd/server/v3
build kwok "$kwok_version" kwok sigs.k8s.io/kwok/cmd/kwok

echo "control plane: Kubernetes $k8s_version, etcd $etcd_version, kwok $kwok_version ready in $bin"
