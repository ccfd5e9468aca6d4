#!/usr/bin/env bash
# Installs promtool and prometheus (Debian's prometheus package) for the alert-rule and scrape tests
# (MetricsAlertRulesTest, PrometheusScrapeTest). Idempotent: does nothing when both are on the PATH.
set -euo pipefail

if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
  echo "install-prometheus: promtool and prometheus present ($(promtool --version 2>&1 | head -1))"
  exit 0
fi
echo "install-prometheus: installing Debian's prometheus package (promtool, prometheus)"
export DEBIAN_FRONTEND=noninteractive
apt-get update
# --no-install-recommends: the binaries only, no node exporter; the package's service is not started here
apt-get install -y --no-install-recommends prometheus
# Debian's package starts its own service on :9090 where an init system runs; tests start their own instance
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus || true
fi
echo "install-prometheus: $(promtool --version 2>&1 | head -1)"
