#!/usr/bin/env bash
# Builds the KServe controller managers the differential suites judge the console against (v0.20.0 and v0.17.0,
# see src/test/kserve/build.sh): into a cache outside the work tree, so a warm run only checks that they are there.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v openssl >/dev/null 2>&1; then
  echo "KServe: installing openssl (the suites make the webhook CA with it)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openssl \
    || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openssl; }
fi
echo "KServe: building the controller managers (src/test/kserve/build.sh)"
bash src/test/kserve/build.sh
