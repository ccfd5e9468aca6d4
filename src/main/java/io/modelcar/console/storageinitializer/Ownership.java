package io.modelcar.console.storageinitializer;

import java.util.List;
import java.util.Map;

/**
 * Whether an operator owns the ConfigMap and would revert the console's edits. Open Data Hub (and OpenShift AI)
 * reconcile {@code inferenceservice-config} unless it is annotated {@code opendatahub.io/managed: "false"}.
 */
public final class Ownership {

    static final String ODH_MANAGED_ANNOTATION = "opendatahub.io/managed";

    private Ownership() {
    }

    /** An owner reference, reduced to what matters here. */
    public record OwnerRef(String apiVersion, String kind, String name) {
    }

    /** Who manages the ConfigMap, whether they will undo edits, and what to do about it. */
    public record ManagedBy(String owner, boolean willRevert, String hint) {
    }

    /** Null when no known operator manages the ConfigMap. */
    public static ManagedBy detect(Map<String, String> labels, Map<String, String> annotations,
            List<OwnerRef> owners) {
        Map<String, String> safeLabels = labels == null ? Map.of() : labels;
        Map<String, String> safeAnnotations = annotations == null ? Map.of() : annotations;
        String owner = owners == null ? null : owners.stream()
                .filter(o -> o.apiVersion() != null && o.apiVersion().contains("opendatahub.io"))
                .map(o -> "Open Data Hub operator (" + o.kind() + " " + o.name() + ")")
                .findFirst().orElse(null);
        if (owner == null && safeLabels.keySet().stream().anyMatch(Ownership::isOdhKey)) {
            owner = "Open Data Hub operator";
        }
        if (owner == null) {
            return null;
        }
        boolean unmanaged = "false".equalsIgnoreCase(safeAnnotations.get(ODH_MANAGED_ANNOTATION));
        if (unmanaged) {
            return new ManagedBy(owner, false, "The ConfigMap is annotated " + ODH_MANAGED_ANNOTATION
                    + ": \"false\", so the operator keeps your edits.");
        }
        return new ManagedBy(owner, true, "The operator reverts manual edits of this ConfigMap. Annotate it first: "
                + "kubectl annotate configmap inferenceservice-config " + ODH_MANAGED_ANNOTATION + "=false");
    }

    private static boolean isOdhKey(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        return prefix.equals("opendatahub.io") || prefix.endsWith(".opendatahub.io");
    }
}
