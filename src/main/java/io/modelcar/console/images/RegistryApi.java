package io.modelcar.console.images;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of the OCI distribution API the console needs: resolve a tag to the digest of its manifest (HEAD, then
 * GET where a registry omits {@code Docker-Content-Digest}) and check that credentials are accepted, with the
 * Basic or Bearer token challenge a registry answers 401 with.
 */
class RegistryApi {

    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http;
    private final JsonMapper json;
    private final Set<String> plainHttpHosts;
    private final java.time.Duration timeout;

    RegistryApi(JsonMapper json, Set<String> plainHttpHosts, java.time.Duration timeout) {
        this.json = json;
        this.plainHttpHosts = plainHttpHosts;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The digest of the manifest (or index) the name's tag points to now. */
    String resolveDigest(ImageName name, RegistryCredentials credentials) {
        String reference = name.digest() != null ? name.digest() : name.effectiveTag();
        URI uri = base(name.apiHost()).resolve("/v2/" + name.repository() + "/manifests/" + reference);
        HttpResponse<byte[]> head = send(name, "HEAD", uri, credentials, "pull");
        int status = head.statusCode();
        if (status == 200) {
            var digest = head.headers().firstValue("Docker-Content-Digest");
            if (digest.isPresent()) {
                return digest.get();
            }
            HttpResponse<byte[]> get = send(name, "GET", uri, credentials, "pull");
            if (get.statusCode() == 200) {
                return get.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(get.body()));
            }
            status = get.statusCode();
        }
        throw problemFor(name, status, credentials);
    }

    /** Fails with a {@link RegistryProblem} unless the registry accepts these credentials for pushing there. */
    void checkPushAccess(ImageName name, RegistryCredentials credentials) {
        URI uri = base(name.apiHost()).resolve("/v2/");
        HttpResponse<byte[]> response = send(name, "GET", uri, credentials, "pull,push");
        if (response.statusCode() != 200) {
            throw problemFor(name, response.statusCode(), credentials);
        }
    }

    private RegistryProblem problemFor(ImageName name, int status, RegistryCredentials credentials) {
        return switch (status) {
            case 401, 403 -> RegistryProblem.unauthorized(name.registry(), name.repository(),
                    !credentials.anonymous());
            case 404 -> RegistryProblem.notFound(name);
            default -> RegistryProblem.error(name.registry(), status);
        };
    }

    private HttpResponse<byte[]> send(ImageName name, String method, URI uri, RegistryCredentials credentials,
            String actions) {
        HttpResponse<byte[]> response = call(name, method, uri, null);
        if (response.statusCode() != 401) {
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
        return call(name, method, uri, authorization);
    }

    /** The Bearer token dance (distribution token spec): GET realm?service=&scope= with Basic credentials. */
    private String token(ImageName name, String challenge, RegistryCredentials credentials, String actions) {
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
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpResponse<byte[]> response = call(name, "GET", tokenUri,
                credentials.anonymous() ? null : credentials.basicHeader());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw RegistryProblem.unauthorized(name.registry(), name.repository(), !credentials.anonymous());
        }
        if (response.statusCode() != 200) {
            throw RegistryProblem.error(name.registry(), response.statusCode());
        }
        try {
            JsonNode body = json.readTree(response.body());
            JsonNode token = body.has("token") ? body.get("token") : body.get("access_token");
            if (token == null || !token.isString()) {
                throw RegistryProblem.error(name.registry(), response.statusCode());
            }
            return token.asString();
        } catch (tools.jackson.core.JacksonException e) {
            throw RegistryProblem.error(name.registry(), response.statusCode());
        }
    }

    private HttpResponse<byte[]> call(ImageName name, String method, URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw RegistryProblem.unreachable(name.registry());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryProblem.unreachable(name.registry());
        } catch (IllegalArgumentException e) {
            throw RegistryProblem.invalidReference("The registry address " + name.registry() + " is not usable.");
        }
    }

    private URI base(String host) {
        return URI.create((plainHttpHosts.contains(host) ? "http://" : "https://") + host + "/");
    }

    private static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
