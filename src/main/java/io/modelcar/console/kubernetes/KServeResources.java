package io.modelcar.console.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The KServe custom resources the console reads, addressed generically (no generated model classes).
 */
public final class KServeResources {

    public static final String GROUP = "serving.kserve.io";
    public static final String VERSION = "v1beta1";

    public static final ResourceDefinitionContext INFERENCE_SERVICES = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP)
            .withVersion(VERSION)
            .withKind("InferenceService")
            .withPlural("inferenceservices")
            .withNamespaced(true)
            .build();

    private KServeResources() {
    }
}
