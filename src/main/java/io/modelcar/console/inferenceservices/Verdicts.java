package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.modelcar.console.kubernetes.KServeFacts;
import io.modelcar.console.kubernetes.KServeVersion;

/**
 * Combines an InferenceService's storage URIs, the current OCI configuration and its pods into one verdict and
 * the warnings KServe itself does not surface (kserve-facts.md 3 "Important for modelcar status", 4).
 *
 * <p>Verdicts, most urgent first: {@code modelcar-disabled} (an {@code oci://} URI while OCI is off: it will fail),
 * {@code unsupported-scheme}, {@code image-pull-error} (a modelcar image cannot be pulled, or its check failed),
 * {@code modelcar-not-injected} (pods without the modelcar containers or without a shared process namespace),
 * {@code modelcar-pending} (expected, not Ready yet), {@code modelcar-ready}, {@code oci-native}, {@code no-oci}.
 * {@code oci-fetch} stays in the list for API compatibility but is never given: no KServe release accepts
 * {@code oci+fetch://} (SupportedStorageURIPrefixList), and a configured {@code ociModelMode: fetch} takes the
 * modelcar path on v0.20.
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

    /**
     * The verdict for one InferenceService. Every input is explicit: the spec's storage URIs (each with its spec path,
     * hence its component and whether it is a {@code storageUris[]} entry), the pods, and the {@code storageInitializer}
     * configuration with the KServe release it was read for ({@link OciConfig#version()}).
     */
    static InferenceServiceSummary summarize(IsvcFacts isvc, Collection<PodFacts> pods, OciConfig config) {
        KServeVersion version = config.version();
        List<StorageUri> storage = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        Set<String> modelcarComponents = new HashSet<>();
        boolean expected = false;
        boolean disabled = false;
        boolean unsupported = false;
        boolean nativeMode = false;
        boolean neverInjected = false;
        boolean injectedAtReconcile = false;
        for (StorageUri uri : isvc.storage()) {
            StorageUri effective = uri;
            Warning refused = StorageUris.unsupportedScheme(uri, version);
            if (refused != null) {
                unsupported |= uri.scheme() != null && uri.scheme().toLowerCase(Locale.ROOT).startsWith("oci");
                effective = with(uri, uri.oci(), uri.warnings(), refused);
            } else if (uri.oci() != null) {
                boolean reconciled = StorageUris.inStorageUris(uri.path());
                switch (effectiveMode(uri.oci().mode(), config, reconciled)) {
                    case "modelcar" -> {
                        expected = true;
                        modelcarComponents.add(StorageUris.component(uri.path()));
                        if (reconciled && KServeFacts.STORAGE_URIS_OCI_INJECTED_AT_RECONCILE.holds(version)) {
                            injectedAtReconcile = true;
                            if (rawDeployment(isvc.deploymentMode())
                                    && KServeFacts.RAW_DEPLOYMENT_PULLS_IF_NOT_PRESENT.holds(version)) {
                                effective = pulledIfNotPresent(uri, "KServe builds this modelcar into the raw "
                                        + "Deployment and sets imagePullPolicy IfNotPresent on it");
                            }
                        } else if (reconciled) {
                            neverInjected = true;
                        }
                    }
                    case "native" -> {
                        nativeMode = true;
                        // ConfigureOciNativeToContainer pulls IfNotPresent: the warnings are oci+native's
                        OciReference asNative = OciReferences.parse("oci+native://" + uri.oci().image());
                        effective = with(uri, uri.oci().withPullPolicy(OciReference.IF_NOT_PRESENT),
                                asNative.warnings().stream().map(w -> w.at(uri.path())).toList(), null);
                    }
                    case "disabled" -> {
                        disabled = true;
                        effective = with(uri, uri.oci(), uri.warnings(), disabledWarning(uri));
                    }
                    default -> {
                        unsupported = true;
                        if (reconciled) {
                            effective = with(uri, uri.oci(), uri.warnings(), storageUrisNotOci(uri, version));
                        }
                    }
                }
            }
            storage.add(effective);
            warnings.addAll(effective.warnings());
        }

        List<PodFacts> sorted = pods.stream().sorted(Comparator.comparing(PodFacts::name)).toList();
        List<InferenceServiceSummary.PodEvidence> evidence = new ArrayList<>(sorted.size());
        boolean pullError = false;
        // only the pods of a component whose own storage URI is served by modelcar get the containers
        List<PodFacts> modelcarPods = sorted.stream()
                .filter(p -> modelcarComponents.contains(podComponent(isvc.name(), p.name()))).toList();
        boolean allInjected = !modelcarPods.isEmpty() && modelcarPods.stream().allMatch(PodFacts::modelcarInjected);
        for (PodFacts pod : sorted) {
            evidence.add(new InferenceServiceSummary.PodEvidence(pod.name(), pod.phase(), pod.modelcarContainer(),
                    pod.modelcarInit(), pod.shareProcessNamespace(), pod.startupSeconds(), pod.storageInitializer(),
                    pod.modelcarPullError(), pod.restarts(), text(pod.createdAt()), text(pod.readyAt())));
            if (pod.modelcarPullError() != null) {
                pullError = true;
                warnings.add(new Warning(Warning.IMAGE_PULL_ERROR, "Pod " + pod.name() + ": the modelcar image "
                        + "cannot be used (" + pod.modelcarPullError() + "). KServe's modelStatus does not show this.",
                        null, "Check that the image exists and the tag is right, and that the pod's "
                        + "imagePullSecrets or ServiceAccount may pull it."));
            }
        }
        boolean notInjected = expected && !modelcarPods.isEmpty() && !allInjected;
        if (notInjected) {
            warnings.add(notInjectedWarning(version, neverInjected, injectedAtReconcile));
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
        } else {
            verdict = NO_OCI;
        }
        String mode = expected ? "modelcar" : disabled ? "disabled" : nativeMode ? "native" : null;
        InferenceServiceSummary.Modelcar modelcar = new InferenceServiceSummary.Modelcar(expected, mode,
                sorted.isEmpty() ? null : Boolean.valueOf(allInjected),
                List.copyOf(evidence));
        return new InferenceServiceSummary(isvc.namespace(), isvc.name(), isvc.ready(), isvc.url(),
                isvc.deploymentMode(), List.copyOf(storage), modelcar, List.copyOf(warnings), verdict,
                isvc.conditions(), isvc.createdAt());
    }

    /**
     * How KServe handles an OCI URI: the scheme's own mode, or for bare {@code oci://} the configured one. In the
     * pod webhook (a {@code storageUri} field) nothing is injected while OCI is off, even for {@code oci+native://}
     * (mutator.go registers InjectModelcar only when ResolveOciModelMode is not empty); for {@code storageUris[]}
     * (v0.20 CommonStorageInitialization) an explicit {@code oci+native://} works regardless and every other
     * explicit {@code oci+<mode>://} takes the modelcar branch. A configured {@code fetch} falls back to modelcar.
     */
    static String effectiveMode(String schemeMode, OciConfig config, boolean storageUris) {
        // until the ConfigMap has been read, assume KServe's shipped default (Modelcars on since v0.16)
        String configured = !config.known() ? "modelcar" : switch (config.mode()) {
            case "" -> "disabled";
            case "modelcar", "fetch" -> "modelcar";
            case "native" -> "native";
            default -> "unsupported";
        };
        if ("oci".equals(schemeMode)) {
            return configured;
        }
        if (!storageUris) {
            return "disabled".equals(configured) ? "disabled" : "native".equals(schemeMode) ? "native" : "unsupported";
        }
        if (!KServeFacts.OCI_MODEL_MODE_KEYS.holds(config.version())) {
            return "unsupported"; // before v0.20 only the oci:// prefix is OCI (strings.HasPrefix)
        }
        return "native".equals(schemeMode) ? "native" : "modelcar";
    }

    /**
     * Before v0.20 only {@code oci://} is OCI: an {@code oci+<mode>://} entry of {@code storageUris} (which has no
     * prefix check) is handed to the storage-initializer, which cannot download it (KServeInjectionOracleTest).
     */
    private static Warning storageUrisNotOci(StorageUri uri, KServeVersion version) {
        return new Warning(Warning.UNSUPPORTED_SCHEME, uri.scheme() + ":// is not OCI for KServe "
                + (version == null ? "" : version + " ") + "(only oci:// is before v0.20): it is handed to the "
                + "storage-initializer, which cannot download it, and the pod fails at init.", uri.path(),
                "Use oci:// (or upgrade KServe to v0.20 for oci+native://).");
    }

    /** Raw deployment mode under either name ({@code Standard} from v0.16). */
    private static boolean rawDeployment(String mode) {
        return "RawDeployment".equals(mode) || "Standard".equals(mode);
    }

    /**
     * The URI pulled IfNotPresent whatever its tag: the "pulled on every pod start" warnings of {@code :latest}
     * and of an untagged reference become the opposite one, a stale model.
     */
    private static StorageUri pulledIfNotPresent(StorageUri uri, String why) {
        List<Warning> warnings = new ArrayList<>(uri.warnings().stream().filter(w -> !Warning.LATEST_TAG.equals(
                w.code()) && !Warning.UNTAGGED.equals(w.code())).toList());
        OciReference oci = uri.oci();
        boolean latest = oci.digest() == null && (oci.tag() == null || "latest".equals(oci.tag()));
        if (oci.valid() && latest) {
            warnings.add(new Warning(oci.tag() == null ? Warning.UNTAGGED : Warning.LATEST_TAG, why + ": nodes keep "
                    + "serving whatever :latest was when they first pulled it (a stale model).", uri.path(),
                    "Pin a version tag or a digest so every node serves the same model."));
        }
        return new StorageUri(uri.path(), uri.uri(), uri.scheme(), oci.withPullPolicy(OciReference.IF_NOT_PRESENT),
                List.copyOf(warnings));
    }

    /** KServe's pod names start with its component's service name (constants.PredictorServiceName etc.). */
    static String podComponent(String inferenceService, String podName) {
        return podName.startsWith(inferenceService + "-transformer") ? "transformer"
                : podName.startsWith(inferenceService + "-explainer") ? "explainer" : "predictor";
    }

    private static Warning notInjectedWarning(KServeVersion version, boolean neverInjected,
            boolean injectedAtReconcile) {
        if (neverInjected) {
            return new Warning(Warning.MODELCAR_NOT_INJECTED, "KServe " + (version == null ? "" : version + " ")
                    + "never injects modelcars for oci:// in storageUris (v0.16 to v0.18 skip it; fixed in "
                    + "v0.19): recreating the pods cannot help.", null,
                    "Upgrade KServe to v0.19 or later, or serve the model through storageUri.");
        }
        if (injectedAtReconcile) {
            return new Warning(Warning.MODELCAR_NOT_INJECTED, "Modelcars for storageUris are built into the "
                    + "predictor's Deployment or Knative template when KServe reconciles the InferenceService; "
                    + "these pods come from a template without them.", null,
                    "Let KServe reconcile the InferenceService (any spec change does it); it then rolls the pods.");
        }
        return new Warning(Warning.MODELCAR_NOT_INJECTED, "Modelcars are expected but pods lack the "
                + "modelcar containers or shareProcessNamespace: they were created before Modelcars were "
                + "enabled, or the webhook skipped them.", null,
                "Delete the predictor pods (kubectl delete pod -l serving.kserve.io/inferenceservice=<name>) so "
                        + "the webhook injects modelcars into the new ones; a kubectl rollout restart of a "
                        + "raw-deployment predictor is undone by KServe's next reconcile.");
    }

    private static Warning disabledWarning(StorageUri uri) {
        boolean explicitNative = "native".equals(uri.oci().mode());
        return new Warning(Warning.MODELCAR_DISABLED, explicitNative
                ? "oci+native:// in this field is handled by the pod webhook only while OCI model support is on "
                        + "(enableModelcar, enableOciModelSupport or ociModelMode): with it off nothing is mounted "
                        + "and the model will fail to load."
                : "oci:// is used while Modelcars (OCI model support) are off in storageInitializer: the "
                        + "storage-initializer cannot read it and the model will fail to load.", uri.path(),
                "Enable Modelcars (enableModelcar: true) or serve the model from another storage.");
    }

    private static StorageUri with(StorageUri uri, OciReference oci, List<Warning> base, Warning extra) {
        List<Warning> all = new ArrayList<>(base);
        if (extra != null) {
            all.add(extra);
        }
        return new StorageUri(uri.path(), uri.uri(), uri.scheme(), oci, List.copyOf(all));
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
