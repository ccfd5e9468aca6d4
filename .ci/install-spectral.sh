#!/usr/bin/env bash
# Spectral (OpenAPI linter) for ContractLintTest: npm devDependency of src/test/contract, pinned by its lock file.
set -euo pipefail
cd "$(dirname "$0")/../src/test/contract"
if [ -x node_modules/.bin/spectral ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "Spectral already installed: $(node_modules/.bin/spectral --version)"
  exit 0
fi
echo "Installing Spectral into src/test/contract/node_modules (npm ci)"
npm ci --no-audit --no-fund --prefer-offline
echo "Spectral $(node_modules/.bin/spectral --version)"
