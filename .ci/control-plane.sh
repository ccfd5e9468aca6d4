#!/usr/bin/env bash
# Builds the real Kubernetes control plane the tests run against (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, kwok) from pinned Go modules into a cache outside the work tree; a second run reuses it
# and takes a second. See docs/testing.md, "The real control plane".
set -euo pipefail
cd "$(dirname "$0")/.."
exec src/test/control-plane/build.sh
