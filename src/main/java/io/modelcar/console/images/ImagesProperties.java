package io.modelcar.console.images;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Building modelcar images and pinning tags to digests.
 *
 * @param modelRoots          directories under which a model directory named by path may be built; empty: none
 * @param maxUploadSize       largest upload of model files (all files of one request together)
 * @param busyboxPath         a static busybox binary; it gives the image the sh, ln and sleep that KServe runs
 * @param workDir             uploads, base layer and Jib caches; default: {@code <java.io.tmpdir>/modelcar-images}
 * @param registry            the registry builds push to by default, and its credentials
 * @param insecureRegistries  registry hosts ({@code host[:port]}) reached over plain HTTP (for resolving and pushing)
 * @param allowedRegistries   registries (besides the configured one) that builds, resolves and pins may contact:
 *                            {@code host[:port]} exactly (private addresses allowed: it is named), {@code *.domain}
 *                            (any host under it, public addresses only) or {@code *} (any host, public addresses
 *                            only); empty: the configured registry only
 * @param registryTimeout     deadline of one request to a registry, its answer's body included
 * @param registryMaxConcurrentRequests requests to registries in flight at once (per replica); more wait briefly,
 *                            then get a 503 Problem
 * @param maxConcurrentBuilds builds that run at once; more wait as {@code Pending}
 * @param keptBuilds          finished builds whose status is kept (in memory) for polling
 * @param maxQueuedBuilds     accepted builds that may wait for a free slot; more are refused with 503
 * @param buildTimeout        a build not finished this long after it was accepted is stopped and failed
 * @param pullSecretAccess    namespace (or {@code *}) to the callers who may name its pull secrets:
 *                            {@code role:<role>} or {@code user:<name>}; empty: nobody (see {@link PullSecretAccess})
 */
@ConfigurationProperties("console.images")
record ImagesProperties(
        @DefaultValue List<Path> modelRoots,
        @DefaultValue("1GB") DataSize maxUploadSize,
        @DefaultValue("/bin/busybox") Path busyboxPath,
        Path workDir,
        @DefaultValue Registry registry,
        @DefaultValue List<String> insecureRegistries,
        @DefaultValue List<String> allowedRegistries,
        @DefaultValue("15s") Duration registryTimeout,
        @DefaultValue("8") int registryMaxConcurrentRequests,
        @DefaultValue("2") int maxConcurrentBuilds,
        @DefaultValue("50") int keptBuilds,
        @DefaultValue("10") int maxQueuedBuilds,
        @DefaultValue("1h") Duration buildTimeout,
        java.util.Map<String, List<String>> pullSecretAccess) {

    Path effectiveWorkDir() {
        return workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "modelcar-images");
    }

    /**
     * The default registry.
     *
     * @param url      {@code host[:port]}, or with {@code http://} for a plain-HTTP registry; empty: none configured
     * @param username user for the registry; empty: anonymous
     * @param password its password; never logged, never shown back
     */
    record Registry(String url, String username, String password) {

        boolean configured() {
            return url != null && !url.isBlank();
        }

        /** The host[:port] part. */
        String host() {
            String u = url.strip();
            int scheme = u.indexOf("://");
            String host = scheme >= 0 ? u.substring(scheme + 3) : u;
            return host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
        }

        boolean plainHttp() {
            return url.strip().startsWith("http://");
        }

        RegistryCredentials credentials() {
            return username == null || username.isBlank() ? RegistryCredentials.ANONYMOUS
                    : new RegistryCredentials(username, password == null ? "" : password);
        }

        @Override
        public String toString() {
            return "Registry[url=" + url + ", username=" + username + ", password=" + (password == null ? null
                    : "***") + "]";
        }
    }
}
