package io.modelcar.console.images;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who may have the console use a pull secret they name (issue 14, point 4): the console reads Secrets with its own
 * ServiceAccount, so it must not do so for a caller who could not use that Secret. Console users are not Kubernetes
 * identities, so the rule is a mapping ({@code console.images.pull-secret-access}): a namespace (or {@code *}) to
 * the callers who may use its Secrets, each {@code role:<viewer|operator|admin>} or {@code user:<name>}. No entry
 * for a namespace: nobody may name its Secrets. Secrets an InferenceService itself references (its pods pull with
 * them) are used for its pins without this rule: the caller does not choose them.
 */
final class PullSecretAccess {

    private final Map<String, List<String>> byNamespace;

    PullSecretAccess(Map<String, List<String>> byNamespace) {
        this.byNamespace = byNamespace == null ? Map.of() : Map.copyOf(byNamespace);
    }

    /** Whether a caller with this name and these roles ({@code admin}, ...) may use Secrets of the namespace. */
    boolean mayUse(String namespace, String user, Collection<String> roles) {
        return matches(byNamespace.get(namespace), user, roles) || matches(byNamespace.get("*"), user, roles);
    }

    private static boolean matches(List<String> subjects, String user, Collection<String> roles) {
        if (subjects == null) {
            return false;
        }
        for (String subject : subjects) {
            String s = subject.strip();
            if (s.startsWith("user:") && user != null && s.substring(5).equals(user)) {
                return true;
            }
            if (s.startsWith("role:") && roles.contains(s.substring(5).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
