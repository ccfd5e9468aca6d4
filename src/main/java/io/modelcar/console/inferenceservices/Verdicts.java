package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Combines an InferenceService's storage URIs, the current OCI configuration and its pods into one verdict and
 * the warnings KServe itself does not surface (kserve-facts.md 3 "Important for modelcar status", 4).
 *
 * <p>Verdicts, most urgent first: {@code modelcar-disabled} (an {@code oci://} URI while OCI is off: it will fail),
 * {@code unsupported-scheme}, {@code image-pull-error} (a modelcar image cannot be pulled, or its check failed),
 * {@code modelcar-not-injected} (pods without the modelcar containers or without a shared process namespace),
 * {@code modelcar-pending} (expected, not Ready yet), {@code modelcar-ready}, {@code oci-native},
 * {@code oci-fetch}, {@code no-oci}.
 */
public final class Verdicts {

    public static final String MODELCAR_DISABLED = "modelcar-disabled";
    public static final String UNSUPPORTED_SCHEME = "unsupported-scheme";
    public static final String IMAGE_PULL_ERROR = "image-pull-error";
    public static final String NOT_INJECTED = "modelcar-not-injected";
    public static final String PENDING = "modelcar-pending";
    public static final String READY = "modelcar-ready";
    public static final String OCI_NATIVE = "oci-native";
    public static final String OCI_FETCH = "oci-fetch";
    public static final String NO_OCI = "no-oci";

    /** All verdicts, most urgent first. */
    public static final List<String> ALL = List.of(MODELCAR_DISABLED, UNSUPPORTED_SCHEME, IMAGE_PULL_ERROR,
            NOT_INJECTED, PENDING, READY, OCI_NATIVE, OCI_FETCH, NO_OCI);

    private Verdicts() {
    }

    static InferenceServiceSummary summarize(IsvcFacts isvc, Collection<PodFacts> pods, OciConfig config) {
        List<StorageUri> storage = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        boolean expected = false;
        boolean disabled = false;
        boolean unsupported = false;
        boolean nativeMode = false;
        boolean fetch = false;
        for (StorageUri uri : isvc.storage()) {
            StorageUri effective = uri;
            if (uri.oci() != null) {
                String mode = effectiveMode(uri.oci().mode(), config);
                switch (mode) {
                    case "modelcar" -> expected = true;
                    case "native" -> {
                        nativeMode = true;
                        effective = new StorageUri(uri.path(), uri.uri(), uri.scheme(),
                                uri.oci().withPullPolicy(OciReference.IF_NOT_PRESENT), uri.warnings());
                    }
                    case "fetch" -> fetch = true;
                    case "disabled" -> {
                        disabled = true;
                        List<Warning> more = new ArrayList<>(uri.warnings());
                        more.add(new Warning(Warning.MODELCAR_DISABLED, "oci:// is used while Modelcars (OCI model "
                                + "support) are off in storageInitializer: the storage-initializer cannot read it "
                                + "and the model will fail to load.", uri.path(),
                                "Enable Modelcars (enableModelcar: true) or serve the model from another storage."));
                        effective = new StorageUri(uri.path(), uri.uri(), uri.scheme(), uri.oci(), List.copyOf(more));
                    }
                    default -> unsupported = true;
                }
            }
            if (uri.warnings().stream().anyMatch(w -> Warning.UNSUPPORTED_SCHEME.equals(w.code()))) {
                unsupported |= uri.scheme() != null && !"oci+fetch".equals(uri.scheme())
                        && uri.scheme().toLowerCase(java.util.Locale.ROOT).startsWith("oci");
            }
            storage.add(effective);
            warnings.addAll(effective.warnings());
        }

        List<PodFacts> sorted = pods.stream().sorted(Comparator.comparing(PodFacts::name)).toList();
        List<InferenceServiceSummary.PodEvidence> evidence = new ArrayList<>(sorted.size());
        boolean pullError = false;
        boolean allInjected = !sorted.isEmpty();
        for (PodFacts pod : sorted) {
            evidence.add(new InferenceServiceSummary.PodEvidence(pod.name(), pod.phase(), pod.modelcarContainer(),
                    pod.modelcarInit(), pod.shareProcessNamespace(), pod.startupSeconds(), pod.storageInitializer(),
                    pod.modelcarPullError(), pod.restarts(), text(pod.createdAt()), text(pod.readyAt())));
            allInjected &= pod.modelcarInjected();
            if (pod.modelcarPullError() != null) {
                pullError = true;
                warnings.add(new Warning(Warning.IMAGE_PULL_ERROR, "Pod " + pod.name() + ": the modelcar image "
                        + "cannot be used (" + pod.modelcarPullError() + "). KServe's modelStatus does not show this.",
                        null, "Check that the image exists and the tag is right, and that the pod's "
                        + "imagePullSecrets or ServiceAccount may pull it."));
            }
        }
        boolean notInjected = expected && !sorted.isEmpty() && !allInjected;
        if (notInjected) {
            warnings.add(new Warning(Warning.MODELCAR_NOT_INJECTED, "Modelcars are expected but pods lack the "
                    + "modelcar containers or shareProcessNamespace: they were created before Modelcars were "
                    + "enabled, or the webhook skipped them.", null,
                    "Recreate the predictor pods (roll the predictor Deployment) so the webhook injects modelcars."));
        }

        String verdict;
        if (disabled) {
            verdict = MODELCAR_DISABLED;
        } else if (unsupported) {
            verdict = UNSUPPORTED_SCHEME;
        } else if (pullError) {
            verdict = IMAGE_PULL_ERROR;
        } else if (notInjected) {
            verdict = NOT_INJECTED;
        } else if (expected) {
            verdict = Boolean.TRUE.equals(isvc.ready()) && !sorted.isEmpty() ? READY : PENDING;
        } else if (nativeMode) {
            verdict = OCI_NATIVE;
        } else if (fetch) {
            verdict = OCI_FETCH;
        } else {
            verdict = NO_OCI;
        }
        String mode = expected ? "modelcar" : disabled ? "disabled" : nativeMode ? "native" : fetch ? "fetch" : null;
        InferenceServiceSummary.Modelcar modelcar = new InferenceServiceSummary.Modelcar(expected, mode,
                sorted.isEmpty() ? null : allInjected, List.copyOf(evidence));
        return new InferenceServiceSummary(isvc.namespace(), isvc.name(), isvc.ready(), isvc.url(),
                isvc.deploymentMode(), List.copyOf(storage), modelcar, List.copyOf(warnings), verdict,
                isvc.conditions(), isvc.createdAt());
    }

    /**
     * How KServe handles a URI: the scheme's own mode, or for bare {@code oci://} the configured one (v0.20.0
     * accepts {@code fetch} in the configuration but falls back to modelcar).
     */
    static String effectiveMode(String schemeMode, OciConfig config) {
        return switch (schemeMode) {
            case "native" -> "native";
            case "fetch" -> "fetch";
            // until the ConfigMap has been read, assume KServe's shipped default (Modelcars on since v0.16)
            case "oci" -> !config.known() ? "modelcar" : switch (config.mode()) {
                case "" -> "disabled";
                case "modelcar", "fetch" -> "modelcar";
                case "native" -> "native";
                default -> "unsupported";
            };
            default -> "unsupported";
        };
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
