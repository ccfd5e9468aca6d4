package io.modelcar.console.images;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelcar.console.web.ProblemTypes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of the OCI distribution API the console needs: resolve a tag to the digest of its manifest (HEAD, then
 * GET where a registry omits {@code Docker-Content-Digest}) and check that credentials are accepted, with the
 * Basic or Bearer token challenge a registry answers 401 with. Hardened (issue 14, points 2 and 6): every request
 * (registry, token realm, redirect target) passes the {@link RegistryPolicy}; a token realm must be on the registry's
 * host or allowed, over HTTPS; redirects are followed by hand, never with credentials; answers are capped in size
 * and the deadline covers the whole exchange, body included; requests in flight are bounded.
 */
class RegistryApi {

    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    /** The OCI distribution spec's manifest size registries must accept; a token answer is far smaller. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    static final int MAX_TOKEN_BYTES = 64 * 1024;
    static final int MAX_REDIRECTS = 3;
    static final URI REGISTRY_BUSY = ProblemTypes.of("registry-requests-busy");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http;
    private final JsonMapper json;
    private final RegistryPolicy policy;
    private final java.time.Duration timeout;
    private final Semaphore inFlight;

    RegistryApi(JsonMapper json, RegistryPolicy policy, java.time.Duration timeout, int maxConcurrentRequests) {
        this.json = json;
        this.policy = policy;
        this.timeout = timeout;
        this.inFlight = new Semaphore(Math.max(1, maxConcurrentRequests), true);
        this.http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The digest of the manifest (or index) the name's tag points to now. */
    String resolveDigest(ImageName name, RegistryCredentials credentials) {
        String reference = name.digest() != null ? name.digest() : name.effectiveTag();
        URI uri = base(name.apiHost()).resolve("/v2/" + name.repository() + "/manifests/" + reference);
        Answer head = send(name, "HEAD", uri, credentials, "pull");
        int status = head.status();
        if (status == 200) {
            var digest = head.headers().firstValue("Docker-Content-Digest");
            if (digest.isPresent()) {
                return digest.get();
            }
            Answer get = send(name, "GET", uri, credentials, "pull");
            if (get.status() == 200) {
                return get.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(get.body()));
            }
            status = get.status();
        }
        throw problemFor(name, status, credentials);
    }

    /** Fails with a {@link RegistryProblem} unless the registry accepts these credentials for pushing there. */
    void checkPushAccess(ImageName name, RegistryCredentials credentials) {
        URI uri = base(name.apiHost()).resolve("/v2/");
        Answer response = send(name, "GET", uri, credentials, "pull,push");
        if (response.status() != 200) {
            throw problemFor(name, response.status(), credentials);
        }
    }

    /** The policy's verdict on a registry host before anything else contacts it (e.g. a push). */
    void checkAllowed(ImageName name) {
        policy.check(base(name.apiHost()), name.registry());
    }

    private RegistryProblem problemFor(ImageName name, int status, RegistryCredentials credentials) {
        return switch (status) {
            case 401, 403 -> RegistryProblem.unauthorized(name.registry(), name.repository(),
                    !credentials.anonymous());
            case 404 -> RegistryProblem.notFound(name);
            default -> RegistryProblem.error(name.registry(), status);
        };
    }

    private Answer send(ImageName name, String method, URI uri, RegistryCredentials credentials, String actions) {
        Answer response = follow(name, method, uri, null, MAX_MANIFEST_BYTES);
        if (response.status() != 401) {
            return response;
        }
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        String authorization;
        if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            authorization = "Bearer " + token(name, challenge, credentials, actions);
        } else if (!credentials.anonymous()) {
            authorization = credentials.basicHeader();
        } else {
            return response;
        }
        return follow(name, method, uri, authorization, MAX_MANIFEST_BYTES);
    }

    /**
     * One request, and the redirects it answers with, followed by hand: only to allowed hosts, and without the
     * credentials (they were meant for the first host).
     */
    private Answer follow(ImageName name, String method, URI uri, String authorization, int maxBytes) {
        Answer answer = call(name, method, uri, authorization, maxBytes);
        URI at = uri;
        for (int hop = 0; hop < MAX_REDIRECTS && answer.redirect(); hop++) {
            String location = answer.headers().firstValue("Location").orElse(null);
            if (location == null) {
                return answer;
            }
            try {
                at = at.resolve(location);
            } catch (IllegalArgumentException e) {
                throw RegistryProblem.error(name.registry(), answer.status());
            }
            answer = call(name, method, at, null, maxBytes);
        }
        if (answer.redirect()) {
            throw RegistryProblem.error(name.registry(), answer.status());
        }
        return answer;
    }

    /** The Bearer token dance (distribution token spec): GET realm?service=&scope= with Basic credentials. */
    private String token(ImageName name, String challenge, RegistryCredentials credentials,
            String actions) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            throw RegistryProblem.error(name.registry(), 401);
        }
        StringBuilder query = new StringBuilder();
        if (params.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
        }
        String scope = "repository:" + name.repository() + ":" + actions;
        query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(scope,
                StandardCharsets.UTF_8));
        URI tokenUri;
        try {
            tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        } catch (IllegalArgumentException e) {
            throw RegistryProblem.error(name.registry(), 401);
        }
        checkRealm(name, tokenUri);
        // the realm gets the credentials, so it is called exactly as named: no redirect is followed
        Answer response = call(name, "GET", tokenUri, credentials.anonymous() ? null : credentials.basicHeader(),
                MAX_TOKEN_BYTES);
        if (response.status() == 401 || response.status() == 403) {
            throw RegistryProblem.unauthorized(name.registry(), name.repository(), !credentials.anonymous());
        }
        if (response.status() != 200) {
            throw RegistryProblem.error(name.registry(), response.status());
        }
        try {
            JsonNode body = json.readTree(response.body());
            JsonNode token = body.has("token") ? body.get("token") : body.get("access_token");
            if (token == null || !token.isString() || token.asString().isEmpty()
                    || !token.asString().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw RegistryProblem.error(name.registry(), response.status());
            }
            return token.asString();
        } catch (tools.jackson.core.JacksonException e) {
            throw RegistryProblem.error(name.registry(), response.status());
        }
    }

    /** A realm on the registry's own host, or on an allowed one; over HTTPS unless that host is plain-HTTP. */
    private void checkRealm(ImageName name, URI realm) {
        String scheme = realm.getScheme() == null ? "" : realm.getScheme().toLowerCase(java.util.Locale.ROOT);
        String realmHost = realm.getPort() < 0 ? String.valueOf(realm.getHost())
                : realm.getHost() + ":" + realm.getPort();
        boolean https = scheme.equals("https");
        if (!https && !(scheme.equals("http") && policy.plainHttp(realmHost))) {
            throw new RegistryProblem(org.springframework.http.HttpStatus.FORBIDDEN, RegistryPolicy.NOT_ALLOWED,
                    "Registry not allowed", "The registry " + name.registry()
                            + " names a token service that is not HTTPS; the console sends no credentials there.");
        }
        // the registry's own host passes as it did for the registry; another host must be allowed in its own right
        policy.check(realm, name.registry());
    }

    private Answer call(ImageName name, String method, URI uri, String authorization, int maxBytes) {
        policy.check(uri, name.registry());
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT);
        } catch (IllegalArgumentException e) {
            throw RegistryProblem.invalidReference("The registry address " + name.registry() + " is not usable.");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean acquired = false;
        try {
            acquired = inFlight.tryAcquire(Math.min(timeout.toMillis(), 2000), TimeUnit.MILLISECONDS);
            if (!acquired) {
                throw new RegistryProblem(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, REGISTRY_BUSY,
                        "Registry requests busy", "The console has too many registry requests in flight; "
                                + "try again in a moment.").withHeader("Retry-After", "5");
            }
            CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request.build(),
                    info -> CappedBody.subscriber(maxBytes));
            long left = Math.max(1, deadline - System.nanoTime());
            try {
                HttpResponse<byte[]> response = future.get(left, TimeUnit.NANOSECONDS);
                return new Answer(response.statusCode(), response.headers(), response.body());
            } catch (TimeoutException e) {
                future.cancel(true);
                throw RegistryProblem.unreachable(name.registry());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CappedBody.TooLarge) {
                    throw RegistryProblem.answerTooLarge(name.registry(), maxBytes);
                }
                throw RegistryProblem.unreachable(name.registry());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryProblem.unreachable(name.registry());
        } finally {
            if (acquired) {
                inFlight.release();
            }
        }
    }

    private URI base(String host) {
        return URI.create((policy.plainHttp(host) ? "http://" : "https://") + host + "/");
    }

    private static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A registry's answer, its body read within the size cap. */
    record Answer(int status, HttpHeaders headers, byte[] body) {

        boolean redirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }
    }
}
