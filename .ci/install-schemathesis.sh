#!/usr/bin/env bash
# Schemathesis (OpenAPI-driven API fuzzer, PyPI) for ApiFuzzTest, in a venv outside the work tree.
# The venv's path is what ApiFuzzTest looks for: $MODELCAR_VENV, default ~/.cache/modelcar-console/venv.
set -euo pipefail
VERSION=4.32.5
VENV="${MODELCAR_VENV:-$HOME/.cache/modelcar-console/venv}"
if [ -x "$VENV/bin/schemathesis" ] && "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "Schemathesis $VERSION already installed in $VENV"
  exit 0
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "Installing python3-venv (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update && apt-get install -y --no-install-recommends python3-venv
fi
echo "Installing Schemathesis $VERSION into $VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
"$VENV/bin/schemathesis" --version
