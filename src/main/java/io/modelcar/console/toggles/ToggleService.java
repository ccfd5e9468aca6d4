package io.modelcar.console.toggles;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.modelcar.console.audit.AuditEvent;
import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.environment.EnvironmentClass;
import io.modelcar.console.environment.EnvironmentService;
import io.modelcar.console.inferenceservices.InferenceServiceInventory;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeFacts;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.rollout.ControllerRestartService;
import io.modelcar.console.rollout.RestartView;
import io.modelcar.console.storageinitializer.ChangeRequest;
import io.modelcar.console.storageinitializer.HistoryEntry;
import io.modelcar.console.storageinitializer.StaleResourceVersion;
import io.modelcar.console.storageinitializer.StorageInitializerService;
import io.modelcar.console.storageinitializer.StorageInitializerView;
import io.modelcar.console.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Feature toggles over {@code storageInitializer}: reads their state, impact and last change, and flips them
 * through {@link StorageInitializerService#apply} (validated, resourceVersion-locked, in the history, audited),
 * guarded by the environment class. Timed flips leave a {@link PendingExpiry} in the cluster, written before the
 * flip so that no timed flip can exist without its way back.
 */
@Service
class ToggleService {

    static final int RECORD_ATTEMPTS = 20;
    private static final Logger log = LoggerFactory.getLogger(ToggleService.class);

    private final StorageInitializerService storage;
    private final EnvironmentService environments;
    private final KServeDiscovery discovery;
    private final ToggleRecords records;
    private final AuditLog audit;
    private final ToggleProperties properties;
    private final Supplier<List<OciUser>> ociUsers;
    private final Restarter restarter;
    private final ToggleMetrics metrics;
    private final Clock clock;

    /** Starts a controller restart for "flip and restart" (the rollout feature's). */
    interface Restarter {
        RestartView start(String actor);
    }

    @Autowired
    ToggleService(StorageInitializerService storage, EnvironmentService environments, KServeDiscovery discovery,
            ToggleRecords records, AuditLog audit, ToggleProperties properties, InferenceServiceInventory inventory,
            ControllerRestartService restarts, ToggleMetrics metrics, Clock clock) {
        this(storage, environments, discovery, records, audit, properties, () -> ociUsers(inventory),
                actor -> restarts.start(actor, null), metrics, clock);
    }

    ToggleService(StorageInitializerService storage, EnvironmentService environments, KServeDiscovery discovery,
            ToggleRecords records, AuditLog audit, ToggleProperties properties, Supplier<List<OciUser>> ociUsers,
            Restarter restarter, ToggleMetrics metrics, Clock clock) {
        this.storage = storage;
        this.environments = environments;
        this.discovery = discovery;
        this.records = records;
        this.audit = audit;
        this.properties = properties;
        this.ociUsers = ociUsers;
        this.restarter = restarter;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The InferenceServices with a bare {@code oci://} URI, sorted by namespace and name. */
    static List<OciUser> ociUsers(InferenceServiceInventory inventory) {
        return inventory.withOciStorage().stream()
                .map(s -> new OciUser(s.namespace(), s.name(), s.storage().stream()
                        .filter(u -> "oci".equals(u.scheme())).map(u -> u.uri()).toList()))
                .filter(u -> !u.uris().isEmpty())
                .sorted(java.util.Comparator.comparing(OciUser::namespace).thenComparing(OciUser::name))
                .toList();
    }

    /** The toggles with the configuration version they were read at. */
    record Toggles(String resourceVersion, String kserveVersion, EnvironmentClass environment, List<ToggleView> items,
            List<PendingExpiry> pending) {

        ToggleView item(String name) {
            return items.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        }

        String etag() {
            return "\"" + resourceVersion + "\"";
        }
    }

    Toggles toggles() {
        StorageInitializerView view = storage.current();
        return toggles(view, historyOrEmpty(), pending());
    }

    private Toggles toggles(StorageInitializerView view, List<HistoryEntry> history, List<PendingExpiry> pending) {
        EnvironmentClass environment = environments.current();
        KServeVersion version = KServeVersion.parse(view.kserveVersion()).orElse(null);
        List<OciUser> users = ociUsers.get();
        List<ToggleView> items = ToggleSpec.available(version).stream()
                .map(t -> view(t, view.config(), environment, version, history, pending, users)).toList();
        return new Toggles(view.resourceVersion(), view.kserveVersion(), environment, items, pending);
    }

    /** What flipping {@code name} to {@code enabled} (with that OCI mode) would do now. */
    ToggleImpact impact(String name, boolean enabled, String ociModelMode) {
        StorageInitializerView view = storage.current();
        KServeVersion version = KServeVersion.parse(view.kserveVersion()).orElse(null);
        ToggleSpec toggle = ToggleSpec.find(name, version).orElseThrow(() -> ToggleProblems.notFound(name));
        return impact(toggle, view.config(), enabled, ociModelMode, ociUsers.get(), version);
    }

    private static ToggleImpact impact(ToggleSpec toggle, JsonNode config, boolean enabled, String mode,
            List<OciUser> users, KServeVersion version) {
        ObjectNode patch = ToggleRules.flipPatch(toggle, enabled, mode);
        return ToggleImpact.of(toggle, enabled, ToggleRules.resolvedMode(config, version),
                ToggleRules.resolvedMode(ToggleRules.apply(config, patch), version), users, version);
    }

    private ToggleView view(ToggleSpec toggle, JsonNode config, EnvironmentClass environment, KServeVersion version,
            List<HistoryEntry> history, List<PendingExpiry> pending, List<OciUser> users) {
        boolean enabled = ToggleRules.enabled(config, toggle);
        Instant expiresAt = pending.stream().filter(p -> p.toggle().equals(toggle.name()))
                .map(PendingExpiry::expiresAt).min(Instant::compareTo).orElse(null);
        return new ToggleView(toggle.name(), enabled, toggle.key(), ToggleGuard.editable(environment),
                impact(toggle, config, !enabled, null, users, version), lastChange(toggle, history), expiresAt,
                toggle.hasMode() ? ToggleRules.explicitMode(config) : null, ToggleRules.resolvedMode(config, version),
                toggle.title(), ToggleGuard.needsConfirmation(environment), environment.id(), null, null);
    }

    private static ToggleView.LastChange lastChange(ToggleSpec toggle, List<HistoryEntry> history) {
        for (HistoryEntry entry : history) {
            boolean touched = entry.diff() != null && entry.diff().stream().anyMatch(c -> c.key().equals(toggle.key())
                    || toggle.hasMode() && c.key().equals(ToggleSpec.OCI_MODEL_MODE));
            if (touched) {
                return new ToggleView.LastChange(entry.actor(), entry.at(), entry.source());
            }
        }
        return null;
    }

    private List<HistoryEntry> historyOrEmpty() {
        try {
            return storage.history();
        } catch (ProblemException | io.modelcar.console.kubernetes.ClusterPermissionDeniedException
                | io.modelcar.console.kubernetes.ClusterRequestFailedException e) {
            // the history only tells who flipped last: the toggles are shown without it
            return List.of();
        }
    }

    private List<PendingExpiry> pending() {
        List<PendingExpiry> pending = records.read(namespace(), properties.recordsConfigMap()).expiries();
        metrics.pendingExpiries(pending.size());
        return pending;
    }

    /**
     * A flip requested through the API or the page.
     *
     * @param enabled      the state wanted
     * @param expiresIn    ISO-8601 duration after which the console flips it back, or null
     * @param ociModelMode modelcar, native or fetch (oci-model-support only), or null to keep it
     * @param confirm      the typed confirmation (staging)
     * @param ifMatch      the configuration's resourceVersion the user saw
     * @param restart      also restart the KServe controller after the flip
     */
    record Flip(boolean enabled, String expiresIn, String ociModelMode, String confirm, String ifMatch,
            boolean restart) {

        Flip(boolean enabled, String expiresIn, String ociModelMode, String confirm, String ifMatch) {
            this(enabled, expiresIn, ociModelMode, confirm, ifMatch, false);
        }
    }

    /** The toggles after a flip, and the flipped one with the restart that followed it, if asked for. */
    record Flipped(Toggles toggles, ToggleView toggle) {
    }

    Flipped flip(String name, Flip flip, String actor, String via) {
        KServeInstallation installation = discovery.installation();
        ToggleSpec toggle = ToggleSpec.find(name, installation.version())
                .orElseThrow(() -> ToggleProblems.notFound(name));
        String action = "toggle." + name + "." + (flip.enabled() ? "on" : "off");
        guard(name, flip.confirm(), actor, action, flip.ifMatch(), via);
        if (flip.ifMatch() == null) {
            refused(actor, action, null, via, "If-Match missing");
            throw ToggleProblems.preconditionRequired();
        }
        Duration expiresIn = expiresIn(flip.expiresIn());
        String mode = mode(toggle, flip.ociModelMode());
        StorageInitializerView current = storage.current();
        if (!flip.ifMatch().equals(current.resourceVersion())) {
            refused(actor, action, flip.ifMatch(), via, "stale resourceVersion");
            throw new StaleResourceVersion(flip.ifMatch(), current.resourceVersion());
        }
        ObjectNode patch = ToggleRules.flipPatch(toggle, flip.enabled(), mode);
        Instant now = clock.instant();
        PendingExpiry expiry = expiresIn == null ? null : new PendingExpiry(UUID.randomUUID().toString(), name,
                ToggleRules.effect(current.config(), patch), ToggleRules.revertPatch(current.config(), patch),
                now.plus(expiresIn), actor, now, null, null);
        // The way back is stored before the flip. The expiries it replaces (a flip without a duration cancels an
        // earlier timed one) are removed only once the flip is written: a refused or failed flip leaves them as they
        // were. Only those that exist now are replaced: a timed flip stored after this read either lost the race
        // for the configuration (and removes its own record) or was made on top of this flip, and keeps its way back.
        List<PendingExpiry> known = expiry == null ? pending() : updateRecords(list -> {
            List<PendingExpiry> next = new ArrayList<>(list);
            next.add(expiry);
            return next;
        });
        Set<String> superseded = known.stream()
                .filter(p -> p.toggle().equals(name) && (expiry == null || !p.id().equals(expiry.id())))
                .map(PendingExpiry::id).collect(Collectors.toSet());
        StorageInitializerView written;
        try {
            written = storage.apply(ChangeRequest.mergePatch(flip.ifMatch(), patch, actor, "toggle", false));
        } catch (RuntimeException e) {
            if (expiry != null) {
                forget(expiry.id());
            }
            throw e;
        }
        // From here on the flip is written: nothing below may turn it into an error.
        String dropped = "";
        if (!superseded.isEmpty()) {
            try {
                known = updateRecords(list -> list.stream().filter(p -> !superseded.contains(p.id())).toList());
            } catch (RuntimeException e) {
                log.warn("Toggle {} is flipped but its earlier expiry could not be removed ({})", name,
                        e.getClass().getSimpleName());
                dropped = "; the earlier expiry could not be removed (" + e.getClass().getSimpleName()
                        + ") and still runs out";
            }
        }
        metrics.flipped(name, flip.enabled(), via);
        audit(actor, action, current.resourceVersion(), written.resourceVersion(), AuditEvent.Outcome.SUCCESS,
                "via " + via + (expiry == null ? "" : "; flips back at " + expiry.expiresAt() + " (" + expiresIn
                        + ")") + (mode == null ? "" : "; ociModelMode " + mode) + dropped);
        Toggles after = afterWrite(written, known);
        ToggleView toggleView = after.item(name);
        if (flip.restart()) {
            try {
                toggleView = toggleView.withRestart(restarter.start(actor), null);
            } catch (ProblemException e) {
                toggleView = toggleView.withRestart(null, e.title() + ": " + e.getMessage());
            } catch (ClusterUnreachableException e) {
                toggleView = toggleView.withRestart(null, "Cluster unreachable: the Kubernetes API server did not "
                        + "answer, so the controller restart could not be started; the flip is written. Look at the "
                        + "recent restarts, then restart the controller again.");
            } catch (RuntimeException e) {
                log.warn("Toggle {} is flipped but the controller restart failed", name, e);
                toggleView = toggleView.withRestart(null, "Restart failed: the controller restart could not be "
                        + "started (" + e.getClass().getSimpleName() + "); the flip is written. Look at the recent "
                        + "restarts, then restart the controller again.");
            }
        }
        return new Flipped(after, toggleView);
    }

    /**
     * The toggles after a successful write: read again, or, when the cluster does not answer now, as the write left
     * them ({@code written}, and the expiries as this request last read or wrote them). The write stands either way.
     */
    private Toggles afterWrite(StorageInitializerView written, List<PendingExpiry> known) {
        try {
            return toggles();
        } catch (RuntimeException e) {
            log.warn("The toggles are written (version {}) but could not be read again ({}); answering from the write",
                    written.resourceVersion(), e.getClass().getSimpleName());
            List<HistoryEntry> history;
            try {
                history = storage.history();
            } catch (RuntimeException again) {
                history = List.of();
            }
            return toggles(written, history, known);
        }
    }

    /** Every toggle off, and no explicit OCI mode, in one write; the expiries pending before it are dropped. */
    Toggles killSwitch(String ifMatch, String confirm, String actor, String via) {
        KServeInstallation installation = discovery.installation();
        String action = "toggle.kill-switch";
        guard(ToggleSpec.KILL_SWITCH, confirm, actor, action, ifMatch, via);
        ObjectNode patch = ToggleRules.killSwitchPatch(installation.version());
        // Only the expiries that exist before the write are the kill switch's to drop: a timed flip stored after this
        // read was made on a configuration the kill switch had already written (its If-Match says so), or fails as
        // stale and removes its own record; either way its way back must survive.
        List<PendingExpiry> known = pending();
        Set<String> overridden = known.stream().map(PendingExpiry::id).collect(Collectors.toSet());
        StorageInitializerView written = storage.apply(ChangeRequest.mergePatch(ifMatch, patch, actor, "kill-switch",
                false));
        // From here on every toggle is off: nothing below may turn that into an error.
        String dropped = "pending expiries dropped";
        if (!overridden.isEmpty()) {
            try {
                known = updateRecords(list -> list.stream().filter(p -> !overridden.contains(p.id())).toList());
            } catch (RuntimeException e) {
                log.warn("The kill switch is written but its pending expiries could not be dropped ({})",
                        e.getClass().getSimpleName());
                dropped = "pending expiries not dropped (" + e.getClass().getSimpleName() + "): they still run out";
            }
        }
        metrics.flipped(ToggleSpec.KILL_SWITCH, false, via);
        audit(actor, action, ifMatch, written.resourceVersion(), AuditEvent.Outcome.SUCCESS,
                "via " + via + "; every toggle off, " + dropped);
        return afterWrite(written, known);
    }

    private void guard(String name, String confirm, String actor, String action, String ifMatch, String via) {
        EnvironmentClass environment = environments.current();
        try {
            ToggleGuard.check(environment, name, confirm);
        } catch (ProblemException e) {
            refused(actor, action, ifMatch, via, e.title() + " (" + environment.id() + ")");
            throw e;
        }
    }

    private Duration expiresIn(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Duration duration;
        try {
            duration = Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ToggleProblems.invalid("expiresIn must be an ISO-8601 duration such as PT4H, not '" + text + "'.");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(properties.maxExpiry()) > 0) {
            throw ToggleProblems.invalid("expiresIn must be positive and at most " + properties.maxExpiry() + ".");
        }
        return duration;
    }

    private static String mode(ToggleSpec toggle, String mode) {
        if (mode == null || mode.isBlank()) {
            return null;
        }
        if (!toggle.hasMode()) {
            throw ToggleProblems.invalid("ociModelMode belongs to the oci-model-support toggle.");
        }
        if (!KServeFacts.OCI_MODEL_MODES.contains(mode)) {
            throw ToggleProblems.invalid("ociModelMode must be one of " + KServeFacts.OCI_MODEL_MODES + ", not '" + mode
                    + "'.");
        }
        return mode;
    }

    void forget(String expiryId) {
        try {
            updateRecords(list -> list.stream().filter(p -> !p.id().equals(expiryId)).toList());
        } catch (RuntimeException e) {
            log.warn("Could not remove toggle expiry {} ({}); it will find its flip undone and drop itself", expiryId,
                    e.getClass().getSimpleName());
        }
    }

    /**
     * Read, change, write locked to the version read; again when another writer got there first. Answers the
     * records as written.
     */
    private List<PendingExpiry> updateRecords(UnaryOperator<List<PendingExpiry>> change) {
        String namespace = namespace();
        for (int attempt = 0; attempt < RECORD_ATTEMPTS; attempt++) {
            ToggleRecords.Snapshot snapshot = records.read(namespace, properties.recordsConfigMap());
            List<PendingExpiry> next = change.apply(snapshot.expiries());
            if (snapshot.resourceVersion() == null && next.isEmpty()) {
                return next;
            }
            if (records.write(namespace, properties.recordsConfigMap(), snapshot.resourceVersion(), next)) {
                return next;
            }
        }
        throw new IllegalStateException("The toggle records stayed contended for " + RECORD_ATTEMPTS + " attempts");
    }

    private String namespace() {
        return discovery.installation().namespace();
    }

    private void refused(String actor, String action, String resourceVersion, String via, String detail) {
        audit(actor, action, resourceVersion, null, AuditEvent.Outcome.REFUSED, "via " + via + "; " + detail);
    }

    private void audit(String actor, String action, String before, String after, AuditEvent.Outcome outcome,
            String detail) {
        KServeInstallation installation = discovery.installation();
        audit.record(new AuditEvent(actor, action, new AuditEvent.Target("ConfigMap", installation.namespace(),
                installation.configMapName(), "storageInitializer"), before, after, outcome, detail));
    }
}
