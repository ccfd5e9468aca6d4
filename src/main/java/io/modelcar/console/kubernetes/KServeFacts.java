package io.modelcar.console.kubernetes;

import java.util.List;

/**
 * What a KServe release does, one row per fact: the first release where it holds, the first where it no longer
 * does, and the file in {@code kserve/kserve} (at the release tag) the fact was read from. The console's rules ask
 * {@link #holds(KServeVersion)} instead of comparing versions themselves, so each fact lives in exactly one place.
 *
 * <p>An unknown version (a digest-pinned or untagged controller image, {@code null}) is answered as the newest
 * release the table knows; callers that must be safe on every release say so explicitly (e.g. the kill switch).
 */
public enum KServeFacts {

    /** {@code ingressService} is required next to {@code ingressGateway}, else the controller exits. */
    INGRESS_SERVICE_REQUIRED(V.V0_11, V.V0_14, "pkg/apis/serving/v1beta1/configmap.go NewIngressConfig"),
    /** {@code enableGatewayApi: true} requires {@code kserveIngressGateway} as DNS-1123 {@code namespace/name}. */
    GATEWAY_API_VALIDATED(V.V0_15, null, "pkg/apis/serving/v1beta1/configmap.go validateIngressGateway"),
    /**
     * With {@code enableGatewayApi} the controller watches HTTPRoutes and exits at start-up (v0.15: panics) when the
     * API server does not serve {@code gateway.networking.k8s.io/v1} HTTPRoute.
     */
    GATEWAY_API_NEEDS_HTTPROUTE(V.V0_15, null,
            "pkg/controller/v1beta1/inferenceservice/controller.go SetupWithManager"),
    /** {@code multiNode} is decoded at start-up ({@code NewMultiNodeConfig}); a bad value exits the controller. */
    MULTI_NODE_READ_AT_STARTUP(V.V0_15, null, "cmd/manager/main.go"),
    /** Deployment modes {@code Knative} and {@code Standard} exist; {@code Serverless}/{@code RawDeployment} alias. */
    KNATIVE_AND_STANDARD_MODES(V.V0_16, null, "pkg/constants/constants.go DeploymentModeType"),
    /** {@code storageInitializer} is parsed on every InferenceService reconcile (predictor, transformer, explainer). */
    STORAGE_INITIALIZER_PARSED_ON_RECONCILE(V.V0_16, null,
            "pkg/controller/v1beta1/inferenceservice/components/predictor.go reconcileRawDeployment"),
    /** Components have {@code storageUris[]}. */
    STORAGE_URIS(V.V0_16, null, "pkg/apis/serving/v1beta1/predictor.go StorageUris"),
    /**
     * {@code oci://} in {@code storageUris[]} gets modelcar containers, built into the Deployment or Knative template
     * at reconcile time (before v0.19 an {@code oci://} first entry made KServe inject nothing at all).
     */
    STORAGE_URIS_OCI_INJECTED_AT_RECONCILE(V.V0_19, null,
            "pkg/webhook/admission/pod/storage_initializer_injector.go CommonStorageInitialization"),
    /**
     * In raw deployment mode KServe sets {@code imagePullPolicy: IfNotPresent} on every container of the Deployment
     * it builds that has none ({@code setDefaultPodSpec}), so a modelcar built in at reconcile time
     * ({@code storageUris}) is pulled IfNotPresent even for {@code :latest}; pod-webhook modelcars are defaulted by
     * the API server instead. Checked on v0.15, v0.17 and v0.20 (KServeInjectionOracleTest observed it).
     */
    RAW_DEPLOYMENT_PULLS_IF_NOT_PRESENT(V.V0_15, null,
            "pkg/controller/v1beta1/inferenceservice/reconcilers/deployment/deployment_reconciler.go setDefaultPodSpec"),
    /** {@code oci://} is an accepted storage URI prefix. */
    OCI_PREFIX(V.V0_12, null, "pkg/controller/v1beta1/inferenceservice/utils/utils.go SupportedStorageURIPrefixList"),
    /** {@code hf://} is an accepted storage URI prefix. */
    HF_PREFIX(V.V0_15, null, "pkg/controller/v1beta1/inferenceservice/utils/utils.go SupportedStorageURIPrefixList"),
    /** {@code oci+native://} is an accepted storage URI prefix. */
    OCI_NATIVE_PREFIX(V.V0_20, null,
            "pkg/controller/v1beta1/inferenceservice/utils/utils.go SupportedStorageURIPrefixList"),
    /** {@code enableOciModelSupport} and {@code ociModelMode} are read ({@code ResolveOciModelMode}). */
    OCI_MODEL_MODE_KEYS(V.V0_20, null, "pkg/types/config.go ResolveOciModelMode"),
    /** The LLMInferenceService controller watches {@code inferenceservice-config} and reconciles on a change. */
    LLMISVC_WATCHES_CONFIGMAP(V.V0_20, null, "pkg/controller/v1alpha2/llmisvc/controller.go");

    /** The newest release this table was checked against; an unknown version is answered as this one. */
    public static final KServeVersion NEWEST = KServeVersion.V0_20;

    /**
     * The values {@code ociModelMode} takes where {@link #OCI_MODEL_MODE_KEYS} holds (pkg/types/config.go
     * {@code OciModelMode}): the one list the validator, the configuration form and the toggles read.
     */
    public static final List<String> OCI_MODEL_MODES = List.of("modelcar", "native", "fetch");

    /** The storage URI prefixes every release from v0.11 accepts (before the per-release ones above). */
    public static final List<String> BASE_PREFIXES = List.of("gs://", "s3://", "pvc://", "file://", "https://",
            "http://", "hdfs://", "webhdfs://");

    private final KServeVersion since;
    private final KServeVersion until;
    private final String source;

    KServeFacts(KServeVersion since, KServeVersion until, String source) {
        this.since = since;
        this.until = until;
        this.source = source;
    }

    /** Whether the fact holds for this release; {@code null} (unknown) is answered as {@link #NEWEST}. */
    public boolean holds(KServeVersion version) {
        KServeVersion v = version == null ? NEWEST : version;
        return (since == null || v.atLeast(since)) && (until == null || v.before(until));
    }

    /** Whether the fact holds for at least one release the unknown version could be (any when null). */
    public boolean mayHold(KServeVersion version) {
        return version == null || holds(version);
    }

    public KServeVersion since() {
        return since;
    }

    public KServeVersion until() {
        return until;
    }

    /** The file (and function) in kserve/kserve the fact was read from. */
    public String source() {
        return source;
    }

    /**
     * {@code SupportedStorageURIPrefixList} of the release ({@code pkg/apis/serving/v1beta1/component.go} on
     * v0.11, {@code pkg/controller/v1beta1/inferenceservice/utils/utils.go} from v0.12), in KServe's order.
     */
    public static List<String> supportedStoragePrefixes(KServeVersion version) {
        List<String> prefixes = new java.util.ArrayList<>(BASE_PREFIXES);
        if (OCI_PREFIX.holds(version)) {
            prefixes.add("oci://");
        }
        if (OCI_NATIVE_PREFIX.holds(version)) {
            prefixes.add("oci+native://");
        }
        if (HF_PREFIX.holds(version)) {
            prefixes.add("hf://");
        }
        return List.copyOf(prefixes);
    }

    /** Release constants, so the table above reads without qualifying each version. */
    private static final class V {
        static final KServeVersion V0_11 = new KServeVersion(0, 11, 0);
        static final KServeVersion V0_12 = KServeVersion.V0_12;
        static final KServeVersion V0_14 = new KServeVersion(0, 14, 0);
        static final KServeVersion V0_15 = new KServeVersion(0, 15, 0);
        static final KServeVersion V0_16 = KServeVersion.V0_16;
        static final KServeVersion V0_19 = new KServeVersion(0, 19, 0);
        static final KServeVersion V0_20 = KServeVersion.V0_20;
    }
}
