package io.modelcar.console.images;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.kubernetes.KubernetesErrors;
import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Registry credentials from a {@code kubernetes.io/dockerconfigjson} Secret that the user names: the images
 * feature's one door to the cluster. The Secret's content never leaves this class except as
 * {@link RegistryCredentials}, which are used for one request and never shown or logged.
 */
@Component
class PullSecrets {

    static final URI SECRET_NOT_FOUND = ProblemTypes.of("pull-secret-not-found");
    static final URI SECRET_UNUSABLE = ProblemTypes.of("pull-secret-unusable");
    static final String DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private final KubernetesClient client;
    private final JsonMapper json;

    PullSecrets(KubernetesClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /** The credentials the Secret holds for the registry host; a Problem when there are none. */
    RegistryCredentials credentials(SecretRef ref, String registry) {
        requireValid(ref);
        Secret secret = KubernetesErrors.call("get", "secrets",
                () -> client.secrets().inNamespace(ref.namespace()).withName(ref.name()).get());
        if (secret == null) {
            throw notFound(ref);
        }
        if (!DOCKER_CONFIG_JSON.equals(secret.getType()) || secret.getData() == null
                || secret.getData().get(".dockerconfigjson") == null) {
            throw unusable(ref, "is not of type " + DOCKER_CONFIG_JSON + ".");
        }
        JsonNode auths;
        try {
            byte[] config = Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson"));
            auths = json.readTree(config).path("auths");
        } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
            throw unusable(ref, "does not hold valid JSON in .dockerconfigjson.");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = auths.properties().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (hostOf(entry.getKey()).equals(normalize(registry))) {
                return toCredentials(entry.getValue(), ref);
            }
        }
        throw unusable(ref, "has no credentials for the registry " + registry + ".");
    }

    private RegistryCredentials toCredentials(JsonNode auth, SecretRef ref) {
        String username = auth.path("username").asString(null);
        String password = auth.path("password").asString(null);
        if ((username == null || password == null) && auth.hasNonNull("auth")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.get("auth").asString()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    username = decoded.substring(0, colon);
                    password = decoded.substring(colon + 1);
                }
            } catch (IllegalArgumentException e) {
                throw unusable(ref, "holds an auth entry that is not base64.");
            }
        }
        if (username == null || password == null) {
            throw unusable(ref, "holds no user and password for the registry.");
        }
        return new RegistryCredentials(username, password);
    }

    /**
     * The pull secrets the InferenceService's pods use: {@code imagePullSecrets} of its predictor, transformer and
     * explainer, then those of the ServiceAccount they run as. Unreadable ServiceAccounts are skipped (the console
     * may lack the permission); the list may be empty.
     */
    List<SecretRef> podPullSecrets(String namespace, String name) {
        GenericKubernetesResource isvc = KubernetesErrors.call("get", "inferenceservices",
                () -> client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(namespace)
                        .withName(name).get());
        if (isvc == null || !(isvc.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Set<String> accounts = new LinkedHashSet<>();
        for (String component : List.of("predictor", "transformer", "explainer")) {
            if (spec.get(component) instanceof Map<?, ?> c) {
                if (c.get("imagePullSecrets") instanceof List<?> secrets) {
                    for (Object secret : secrets) {
                        if (secret instanceof Map<?, ?> ref && ref.get("name") instanceof String n) {
                            names.add(n);
                        }
                    }
                }
                accounts.add(c.get("serviceAccountName") instanceof String sa ? sa : "default");
            }
        }
        for (String account : accounts) {
            try {
                ServiceAccount sa = client.serviceAccounts().inNamespace(namespace).withName(account).get();
                if (sa != null && sa.getImagePullSecrets() != null) {
                    sa.getImagePullSecrets().forEach(ref -> names.add(ref.getName()));
                }
            } catch (KubernetesClientException e) {
                // no permission or no ServiceAccount: the InferenceService's own secrets still count
            }
        }
        return names.stream().map(n -> new SecretRef(namespace, n)).toList();
    }

    /** The host[:port] of a dockerconfigjson key: {@code https://index.docker.io/v1/} means Docker Hub. */
    static String hostOf(String key) {
        String host = key.strip();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        return normalize(host);
    }

    private static String normalize(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("index.docker.io") || h.equals("registry-1.docker.io") ? ImageName.DOCKER_HUB : h;
    }

    /** A 400 Problem unless the reference names a namespace and a Secret by valid Kubernetes names. */
    static void requireValid(SecretRef ref) {
        if (ref.namespace() == null || !NAMESPACE.matcher(ref.namespace()).matches() || ref.name() == null
                || !NAME.matcher(ref.name()).matches()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid pull secret",
                    "The pull secret needs a namespace and a name that are valid Kubernetes names.");
        }
    }

    /** One answer for a Secret that does not exist and one the caller may not use: neither tells which it is. */
    static ProblemException notFound(SecretRef ref) {
        return new ProblemException(HttpStatus.NOT_FOUND, SECRET_NOT_FOUND, "Pull secret not found",
                "There is no Secret " + ref.namespace() + "/" + ref.name() + " that you may use "
                        + "(console.images.pull-secret-access).");
    }

    private static ProblemException unusable(SecretRef ref, String why) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, SECRET_UNUSABLE, "Pull secret unusable",
                "The Secret " + ref.namespace() + "/" + ref.name() + " " + why);
    }

    /** A Secret named by the user. */
    record SecretRef(String namespace, String name) {
    }
}
