#!/usr/bin/env bash
# The sandbox soak run (docs/benchmarks.md): the sandbox (in-memory API + console, one JVM, random ports) under
# mixed reads and writes, printing the heap after a full GC every minute. Not part of ./mvnw verify.
#   scripts/sandbox-soak.sh                      # 15 minutes, 5,000 synthetic InferenceServices, 16 clients
#   SOAK_OPTS="-Dsoak.minutes=240 -Dsoak.seed=50000 -Dsoak.clients=50" SOAK_HEAP=1g scripts/sandbox-soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Building the test classpath (target/soak.classpath)..."
./mvnw -B -q -Dfrontend.skip=true test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/soak.classpath -Dmdep.includeScope=test
exec java "-Xmx${SOAK_HEAP:-768m}" ${SOAK_OPTS:-} \
    -cp "target/classes:target/test-classes:$(cat target/soak.classpath)" io.modelcar.console.sandbox.SandboxSoak
