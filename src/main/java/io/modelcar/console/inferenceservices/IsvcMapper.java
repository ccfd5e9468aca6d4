package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an InferenceService as the API server sends it into {@link IsvcFacts}.
 */
final class IsvcMapper {

    static final String DEPLOYMENT_MODE_ANNOTATION = "serving.kserve.io/deploymentMode";

    private IsvcMapper() {
    }

    static IsvcFacts facts(InventoryService isvc) {
        Map<String, Object> spec = StorageUris.map(isvc.getSpec());
        Map<String, Object> status = StorageUris.map(isvc.getStatus());
        List<IsvcFacts.Condition> conditions = new ArrayList<>();
        Boolean ready = null;
        for (Object c : StorageUris.list(status.get("conditions"))) {
            Map<String, Object> condition = StorageUris.map(c);
            String type = string(condition.get("type"));
            String value = string(condition.get("status"));
            conditions.add(new IsvcFacts.Condition(shared(type), shared(value), shared(condition.get("reason")),
                    shared(condition.get("message")), shared(condition.get("lastTransitionTime"))));
            if ("Ready".equals(type)) {
                ready = "True".equals(value) ? Boolean.TRUE : "False".equals(value) ? Boolean.FALSE : null;
            }
        }
        Map<String, String> annotations = isvc.getMetadata().getAnnotations();
        String mode = string(status.get("deploymentMode"));
        if (mode == null && annotations != null) {
            mode = annotations.get(DEPLOYMENT_MODE_ANNOTATION);
        }
        return new IsvcFacts(shared(isvc.getMetadata().getNamespace()), shared(isvc.getMetadata().getName()),
                shared(StorageUris.find(spec)), ready, string(status.get("url")), shared(mode),
                List.copyOf(conditions), shared(isvc.getMetadata().getCreationTimestamp()));
    }

    /** The same storage URIs with every repeated text shared (registries, paths, tags, warning texts). */
    static List<StorageUri> shared(List<StorageUri> storage) {
        List<StorageUri> result = new ArrayList<>(storage.size());
        for (StorageUri u : storage) {
            OciReference o = u.oci();
            OciReference oci = o == null ? null : new OciReference(shared(o.mode()), shared(o.image()),
                    shared(o.registry()), shared(o.repository()), shared(o.tag()), shared(o.digest()),
                    shared(o.pullPolicy()), o.pinned(), o.valid(), shared(o.problem()), shared(o.warnings()));
            result.add(new StorageUri(shared(u.path()), shared(u.uri()), shared(u.scheme()), oci,
                    shared(u.warnings())));
        }
        return List.copyOf(result);
    }

    private static List<Warning> shared(Iterable<Warning> warnings) {
        if (warnings == null) {
            return null;
        }
        List<Warning> result = new ArrayList<>();
        for (Warning w : warnings) {
            result.add(new Warning(shared(w.code()), shared(w.message()), shared(w.path()), shared(w.remedy())));
        }
        return List.copyOf(result);
    }

    private static String shared(Object value) {
        return SharedStrings.share(string(value));
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
