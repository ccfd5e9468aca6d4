package io.modelcar.console.rollout;

import java.util.Set;

import io.modelcar.console.kubernetes.KServeFacts;
import io.modelcar.console.kubernetes.KServeVersion;

/**
 * Whether a change to {@code inferenceservice-config} needs a controller restart, for the detected KServe version
 * (kserve-facts.md 4, "Is a controller restart actually needed?"). Public for the configuration page, which shows
 * it after a save (fragment {@code rollout/advice :: advice(${advice})}).
 *
 * @param restartNeeded whether the controller must be restarted for the change to take effect
 * @param message       why, for the detected version
 * @param existingPods  what happens to model pods that already run
 */
public record RestartAdvice(boolean restartNeeded, String message, String existingPods) {

    static final Set<String> READ_AT_STARTUP = Set.of("deploy", "ingress", "multiNode");
    /**
     * Of those, the keys the running controller also builds again on every reconcile (KServe's
     * {@code inferenceservice/controller.go}: {@code NewDeployConfig}, {@code NewIngressConfig}): the start-up read
     * only chooses the watches (HTTPRoute or Ingress, VirtualService) and stops the controller on a bad value.
     */
    static final Set<String> RECONCILE_AND_STARTUP = Set.of("deploy", "ingress");

    /**
     * How running model pods get a change. Not with {@code kubectl rollout restart} of a raw-mode predictor
     * Deployment: KServe builds that Deployment on every reconcile, compares it with the stored one and writes its own
     * back ({@code reconcilers/deployment/deployment_reconciler.go} {@code checkDeploymentExist}: dry-run update,
     * {@code kmp.SafeDiff}), so the restart annotation is removed and the rollout undone (observed on v0.17.0 and
     * v0.20.0 by {@code KServeRestartAdviceOracleTest}).
     */
    static final String EXISTING_PODS = "Model pods that already run keep their old settings until they are "
            + "recreated: delete them (kubectl delete pod -l serving.kserve.io/inferenceservice=<name>) and their "
            + "ReplicaSet makes new ones, or a scale event or a new revision does. A kubectl rollout restart of a "
            + "raw-deployment predictor is undone: KServe writes its own Deployment back when it reconciles.";

    /**
     * What happens to running pods after a {@code storageInitializer} change on this release: pods the webhook
     * mutated keep their settings until recreated; from v0.19 the modelcar containers of {@code storageUris}
     * InferenceServices are part of the Deployment or Knative template, rebuilt at the next reconcile (which rolls
     * those pods); from v0.20 the LLMInferenceService controller reconciles as soon as the ConfigMap changes.
     */
    static String existingPods(KServeVersion version) {
        String text = EXISTING_PODS;
        if (KServeFacts.STORAGE_URIS_OCI_INJECTED_AT_RECONCILE.holds(version)) {
            text += " InferenceServices with oci:// in storageUris are different: KServe builds their modelcar "
                    + "containers into the Deployment or Knative template when it reconciles, so the change lands at "
                    + "their next reconcile and rolls those pods then.";
        }
        if (KServeFacts.LLMISVC_WATCHES_CONFIGMAP.holds(version)) {
            text += " LLMInferenceServices are reconciled at once: their controller watches the ConfigMap.";
        }
        return text;
    }

    /** After a change to {@code storageInitializer}. */
    public static RestartAdvice afterStorageInitializerChange(KServeVersion version) {
        if (version == null) {
            return new RestartAdvice(true, "The KServe version is unknown (the controller image has no version "
                    + "tag), so the console cannot tell whether the controller reads storageInitializer on every pod "
                    + "creation; restart the controller to be sure.", existingPods(version));
        }
        if (version.atLeast(KServeVersion.V0_13)) {
            return new RestartAdvice(false, "No restart needed: KServe " + version + " reads storageInitializer "
                    + "fresh on every pod creation, so new model pods get the change at once.", existingPods(version));
        }
        if (version.atLeast(KServeVersion.V0_12)) {
            return new RestartAdvice(false, "No restart needed: KServe " + version + " reads storageInitializer "
                    + "through its cache, which follows the ConfigMap; new model pods get the change within "
                    + "seconds.", existingPods(version));
        }
        return new RestartAdvice(true, "KServe " + version + " predates modelcars; restart the controller after "
                + "changing storageInitializer.", existingPods(version));
    }

    /** After a change to any data key of {@code inferenceservice-config}. */
    public static RestartAdvice afterChangeOf(String key, KServeVersion version) {
        boolean readAtStartup = READ_AT_STARTUP.contains(key)
                && (!StartupConfigValidator.MULTI_NODE.equals(key) || KServeFacts.MULTI_NODE_READ_AT_STARTUP.mayHold(version));
        if (readAtStartup && RECONCILE_AND_STARTUP.contains(key)) {
            return new RestartAdvice(true, "Restart needed: the controller re-reads " + key + " on every reconcile, "
                    + "but it chooses what to watch from " + key + " at start-up (and exits there on a bad value), so "
                    + "the change takes full effect only after a restart.", EXISTING_PODS);
        }
        if (readAtStartup) {
            return new RestartAdvice(true, "Restart needed: the controller reads " + key
                    + " only at start-up.", EXISTING_PODS);
        }
        if (StartupConfigValidator.STORAGE_INITIALIZER.equals(key)) {
            return afterStorageInitializerChange(version);
        }
        return new RestartAdvice(false, "No restart needed: the controller re-reads " + key
                + " on every reconcile.", EXISTING_PODS);
    }

    /** The advice in one line, e.g. for the restart API's message. */
    public String summary() {
        return message + " " + existingPods;
    }
}
