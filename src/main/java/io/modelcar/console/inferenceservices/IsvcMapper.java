package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Turns an InferenceService as the API server sends it into {@link IsvcFacts}.
 */
final class IsvcMapper {

    static final String DEPLOYMENT_MODE_ANNOTATION = "serving.kserve.io/deploymentMode";

    private IsvcMapper() {
    }

    static IsvcFacts facts(GenericKubernetesResource isvc) {
        Map<String, Object> props = isvc.getAdditionalProperties();
        Map<String, Object> spec = StorageUris.map(props.get("spec"));
        Map<String, Object> status = StorageUris.map(props.get("status"));
        List<IsvcFacts.Condition> conditions = new ArrayList<>();
        Boolean ready = null;
        for (Object c : StorageUris.list(status.get("conditions"))) {
            Map<String, Object> condition = StorageUris.map(c);
            String type = string(condition.get("type"));
            String value = string(condition.get("status"));
            conditions.add(new IsvcFacts.Condition(type, value, string(condition.get("reason")),
                    string(condition.get("message")), string(condition.get("lastTransitionTime"))));
            if ("Ready".equals(type)) {
                ready = "True".equals(value) ? Boolean.TRUE : "False".equals(value) ? Boolean.FALSE : null;
            }
        }
        Map<String, String> annotations = isvc.getMetadata().getAnnotations();
        String mode = string(status.get("deploymentMode"));
        if (mode == null && annotations != null) {
            mode = annotations.get(DEPLOYMENT_MODE_ANNOTATION);
        }
        return new IsvcFacts(isvc.getMetadata().getNamespace(), isvc.getMetadata().getName(), StorageUris.find(spec),
                ready, string(status.get("url")), mode, List.copyOf(conditions),
                isvc.getMetadata().getCreationTimestamp());
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
