package io.modelcar.console.images;

import java.util.HashSet;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Decides where a build goes and with which credentials: the configured registry (its credentials are only ever
 * sent to it), or a registry the user names with a pull secret. Checks the credentials before a build is accepted,
 * so that a wrong password is an immediate Problem rather than a failed build minutes later.
 */
@Component
class RegistryTargets {

    private final ImagesProperties properties;
    private final PullSecrets pullSecrets;
    private final RegistryApi registryApi;
    private final Set<String> plainHttpHosts;
    private final PullSecretAccess access;

    RegistryTargets(ImagesProperties properties, PullSecrets pullSecrets, RegistryApi registryApi) {
        this.properties = properties;
        this.pullSecrets = pullSecrets;
        this.registryApi = registryApi;
        this.plainHttpHosts = plainHttpHosts(properties);
        this.access = new PullSecretAccess(properties.pullSecretAccess());
    }

    static Set<String> plainHttpHosts(ImagesProperties properties) {
        Set<String> hosts = new HashSet<>(properties.insecureRegistries());
        if (properties.registry().configured() && properties.registry().plainHttp()) {
            hosts.add(properties.registry().host());
        }
        return Set.copyOf(hosts);
    }

    ImageName name(ImageBuilds.BuildRequest request) {
        String registry = request.registry() == null || request.registry().isBlank() ? defaultRegistry()
                : request.registry().strip();
        try {
            return ImageName.forPush(registry, request.repository(), request.tag());
        } catch (ImageName.InvalidImageNameException e) {
            throw RegistryProblem.invalidReference(e.getMessage());
        }
    }

    ModelcarImageBuilder.Target pushTarget(ImageBuilds.BuildRequest request, ImageName name) {
        registryApi.checkAllowed(name); // before a pull secret is read for it
        RegistryCredentials credentials = credentials(name.registry(), request.pullSecret());
        registryApi.checkPushAccess(name, credentials);
        return new ModelcarImageBuilder.Target(name, credentials, plainHttpHosts.contains(name.registry()));
    }

    /**
     * The pull secret's credentials when the caller names one they may use (else the same 404 as for a Secret that
     * does not exist), the configured ones for the configured registry, or none.
     */
    RegistryCredentials credentials(String registry, PullSecrets.SecretRef secret) {
        if (secret != null && secret.name() != null && !secret.name().isBlank()) {
            PullSecrets.requireValid(secret);
            Caller caller = Caller.current();
            if (!access.mayUse(secret.namespace(), caller.name(), caller.roles())) {
                throw PullSecrets.notFound(secret);
            }
            return pullSecrets.credentials(secret, registry);
        }
        ImagesProperties.Registry configured = properties.registry();
        if (configured.configured() && configured.host().equalsIgnoreCase(registry)) {
            return configured.credentials();
        }
        return RegistryCredentials.ANONYMOUS;
    }

    private String defaultRegistry() {
        if (!properties.registry().configured()) {
            throw RegistryProblem.noRegistry();
        }
        return properties.registry().host();
    }
}
