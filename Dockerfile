# syntax=docker/dockerfile:1
#
# Modelcar Console container image.
#   docker build -t modelcar-console .
#   docker run --read-only --tmpfs /tmp -p 8080:8080 -v ~/.kube/config:/config/kubeconfig:ro \
#     -e CONSOLE_KUBERNETES_KUBECONFIG=/config/kubeconfig modelcar-console
#
# Stages: build (JDK 17 + Maven wrapper + Node/npm: the jar with the bundled frontend), extract (the jar split into
# Spring Boot layers, so that a code change rebuilds only the small application layer), busybox (Debian's static
# busybox, a single binary the modelcar image builder copies into the images it makes), runtime (JRE 17, non-root,
# with a class data sharing archive of the console's classes made by a training run: about a third less CPU to ready,
# docs/benchmarks.md "Start-up to readiness").

ARG JDK_IMAGE=eclipse-temurin:17-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:17-jre-noble

FROM ${JDK_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm curl unzip \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY frontend frontend
COPY src/main src/main
# The local Maven repository lives in a BuildKit cache mount: dependencies are downloaded once, not per change.
# Tests are not compiled here (maven.test.skip): they run in CI, and their dependencies (browsers, Helm, K3s) have no
# place in an image build.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B package -Dmaven.test.skip=true \
 && cp target/modelcar-console-*.jar /workspace/application.jar

FROM ${JRE_IMAGE} AS extract
WORKDIR /extract
COPY --from=build /workspace/application.jar application.jar
# Spring Boot 4 tools jar mode: one directory per layer; the application layer holds application.jar, whose manifest
# puts lib/*.jar (the dependencies layer) on the class path. Plain jars on the JVM's own class path, no launcher: the
# layout class data sharing needs.
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM debian:bookworm-slim AS busybox
RUN apt-get update \
 && apt-get install -y --no-install-recommends busybox-static \
 && rm -rf /var/lib/apt/lists/*

FROM ${JRE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="Modelcar Console" \
      org.opencontainers.image.description="Dashboard and REST service for KServe Modelcars"
COPY --from=busybox /bin/busybox /bin/busybox-static
ENV CONSOLE_IMAGES_BUSYBOX_PATH=/bin/busybox-static \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
    HOME=/tmp
WORKDIR /app
# Layers from least to most often changed.
COPY --from=extract /extract/extracted/dependencies/ ./
COPY --from=extract /extract/extracted/spring-boot-loader/ ./
COPY --from=extract /extract/extracted/snapshot-dependencies/ ./
COPY --from=extract /extract/extracted/application/ ./
# Class data sharing (Spring Boot's CDS support): a training run refreshes the context without starting it
# (spring.context.exit=onRefresh: no request to any cluster, no port opened) and writes every class it loaded, parsed
# and verified, to application.jsa; the console maps them from there at each start (the JRE image's own base archive
# comes from its `java -Xshare:dump`). An archive that does not match (another JVM, another class path) is ignored
# with a warning: the console then starts as without it.
RUN java -XX:ArchiveClassesAtExit=application.jsa -Dspring.context.exit=onRefresh -jar application.jar > /dev/null
# Numeric non-root user (Kubernetes' runAsNonRoot can only verify a numeric USER); group 0 for OpenShift's
# arbitrary UIDs. The files stay owned by root and read-only for the user: the root filesystem can be read-only,
# the only writable place the console needs is /tmp (Tomcat's work directory).
USER 10001:0
VOLUME ["/tmp"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/bin/busybox-static", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/actuator/health/readiness"]
ENTRYPOINT ["java", "-XX:SharedArchiveFile=application.jsa", "-jar", "application.jar"]
