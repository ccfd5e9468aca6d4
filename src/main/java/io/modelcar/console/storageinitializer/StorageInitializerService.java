package io.modelcar.console.storageinitializer;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.modelcar.console.audit.AuditEvent;
import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.environment.KServeWriteRule;
import io.modelcar.console.kubernetes.ClusterPermissionDeniedException;
import io.modelcar.console.kubernetes.ClusterRequestFailedException;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

/**
 * Reads and changes KServe's {@code storageInitializer} configuration safely: validated for the detected KServe
 * version, locked to the resourceVersion the caller saw, recorded in the history and the audit log. The one write
 * path of the feature, reused by other features (toggles, history page).
 */
@Service
public class StorageInitializerService {

    private static final Logger log = LoggerFactory.getLogger(StorageInitializerService.class);
    /** Writes the console makes by itself (a timed toggle running out puts back what was there), not for a user. */
    private static final java.util.Set<String> SYSTEM_SOURCES = java.util.Set.of("expiry");

    private final KServeDiscovery discovery;
    private final StorageInitializerRepository repository;
    private final AuditLog audit;
    private final StorageInitializerProperties properties;
    private final StorageInitializerMetrics metrics;
    private final Clock clock;
    private final KServeWriteRule writeRule;

    StorageInitializerService(KServeDiscovery discovery, StorageInitializerRepository repository, AuditLog audit,
            StorageInitializerProperties properties, StorageInitializerMetrics metrics, Clock clock,
            KServeWriteRule writeRule) {
        this.discovery = discovery;
        this.repository = repository;
        this.audit = audit;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        this.writeRule = writeRule;
    }

    /** The stored configuration; 404 Problem when the ConfigMap or its key is missing. Never writes. */
    public StorageInitializerView current() {
        KServeInstallation installation = discovery.installation();
        StoredConfig stored = repository.read(installation.namespace(), installation.configMapName());
        if (stored.raw() == null) {
            throw StorageInitializerProblems.keyNotFound(stored.namespace(), stored.name());
        }
        return view(stored, installation);
    }

    /**
     * Validates and writes a change, or answers what would be written ({@code dryRun}). Throws
     * {@link StaleResourceVersion} (412) when the expected version is not current,
     * {@link InvalidStorageInitializerConfig} (422) when KServe would reject the result. A result equal to the
     * stored value is not written. Every outcome is audited.
     */
    public StorageInitializerView apply(ChangeRequest request) {
        KServeInstallation installation = discovery.installation();
        int attempts = request.expectedResourceVersion() == null ? Math.max(1, properties.patchRetries()) : 1;
        String basedOn = request.expectedResourceVersion();
        for (int attempt = 1; ; attempt++) {
            try {
                StoredConfig stored = repository.read(installation.namespace(), installation.configMapName());
                basedOn = request.expectedResourceVersion() == null ? stored.resourceVersion() : basedOn;
                return applyTo(stored, installation, request);
            } catch (StaleResourceVersion e) {
                if (attempt >= attempts) {
                    metrics.write(request, StorageInitializerMetrics.Outcome.CONFLICT);
                    audit(request, installation, basedOn, null, AuditEvent.Outcome.REFUSED,
                            "stale resourceVersion (current " + e.currentResourceVersion() + ")");
                    throw e;
                }
                metrics.conflictRetried();
                log.debug("Conflict on attempt {} of a change without If-Match; retrying", attempt);
            } catch (InvalidStorageInitializerConfig e) {
                metrics.write(request, StorageInitializerMetrics.Outcome.REFUSED);
                audit(request, installation, basedOn, null, AuditEvent.Outcome.REFUSED,
                        "invalid: " + e.errors().stream().map(FieldProblem::field).toList());
                throw e;
            } catch (ProblemException e) {
                metrics.write(request, StorageInitializerMetrics.Outcome.REFUSED);
                audit(request, installation, basedOn, null, AuditEvent.Outcome.REFUSED, e.title());
                throw e;
            } catch (ClusterUnreachableException | ClusterPermissionDeniedException
                    | ClusterRequestFailedException e) {
                // the cluster did not take the change (an admission denial, an etcd timeout, the object gone):
                // a failed write, audited and counted like any other
                metrics.write(request, StorageInitializerMetrics.Outcome.FAILED);
                audit(request, installation, basedOn, null, AuditEvent.Outcome.FAILED, e.getMessage());
                throw e;
            }
        }
    }

    private StorageInitializerView applyTo(StoredConfig stored, KServeInstallation installation,
            ChangeRequest request) {
        if (request.expectedResourceVersion() != null
                && !request.expectedResourceVersion().equals(stored.resourceVersion())) {
            throw new StaleResourceVersion(request.expectedResourceVersion(), stored.resourceVersion());
        }
        ConfigJson.Parsed current = stored.raw() == null ? null : ConfigJson.parse(stored.raw());
        JsonNode currentValue = current != null && current.ok() ? current.value() : null;
        JsonNode next;
        if (request.change() instanceof ChangeRequest.MergePatch patch) {
            if (current != null && !current.ok()) {
                throw StorageInitializerProblems.storedValueNotJson(current.error());
            }
            next = ConfigJson.mergePatch(currentValue, patch.patch());
        } else {
            next = ((ChangeRequest.Replace) request.change()).config();
        }
        StorageInitializerValidator.Validation validation = StorageInitializerValidator.validate(next,
                installation.version());
        if (!validation.valid()) {
            throw new InvalidStorageInitializerConfig(validation.errors());
        }
        List<ConfigJson.KeyChange> diff = ConfigJson.diff(currentValue, next);
        String newRaw = ConfigJson.write(next);
        if (request.dryRun()) {
            return view(stored.withRaw(newRaw, stored.resourceVersion()), installation).asDryRun(diff);
        }
        if (!SYSTEM_SOURCES.contains(request.source())) {
            writeRule.check(KServeWriteRule.KServeChange.CONFIGURATION);
        }
        // a stored key written twice is written once: the same content saved is a repair, not "unchanged"
        if (currentValue != null && ConfigJson.sameContent(currentValue, next)
                && ConfigJson.duplicateKeys(stored.raw()).isEmpty()) {
            metrics.write(request, StorageInitializerMetrics.Outcome.SUCCESS);
            audit(request, installation, stored.resourceVersion(), stored.resourceVersion(),
                    AuditEvent.Outcome.UNCHANGED, "the result equals the stored value; nothing written");
            return view(stored, installation).withDiff(List.of());
        }
        String newVersion = repository.write(stored, newRaw);
        metrics.write(request, StorageInitializerMetrics.Outcome.SUCCESS);
        audit(request, installation, stored.resourceVersion(), newVersion, AuditEvent.Outcome.SUCCESS,
                "changed keys " + diff.stream().map(ConfigJson.KeyChange::key).toList());
        recordHistory(stored, request, newVersion, newRaw, diff);
        return view(stored.withRaw(newRaw, newVersion), installation).withDiff(diff);
    }

    private void recordHistory(StoredConfig stored, ChangeRequest request, String newVersion, String newRaw,
            List<ConfigJson.KeyChange> diff) {
        appendHistory(stored.namespace(), new HistoryEntry(newHistoryId(), clock.instant(), request.actor(),
                request.source(), newVersion, stored.raw(), newRaw, diff, request.origin(), null));
    }

    /**
     * Records in this cluster's history that its value (as {@code promoted}, the view the promotion read) was
     * promoted to another cluster: {@code target} is {@code <cluster>@<resourceVersion written there>}, {@code diff}
     * what changed there. Nothing changes here; a lost entry is logged, never an error (the promotion is written).
     */
    public void recordPromotedTo(StorageInitializerView promoted, String actor, String target,
            List<ConfigJson.KeyChange> diff) {
        appendHistory(promoted.namespace(), new HistoryEntry(newHistoryId(), clock.instant(), actor, "promotion",
                promoted.resourceVersion(), promoted.raw(), promoted.raw(), diff, null, target));
    }

    private static String newHistoryId() {
        return UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }

    private void appendHistory(String namespace, HistoryEntry entry) {
        try {
            repository.appendHistory(namespace, properties.historyConfigMap(), entry, properties.historyLimit(),
                    properties.historyMaxBytes());
        } catch (RuntimeException e) {
            // The configuration is written; a lost history entry must not turn that into an error.
            log.warn("The change to version {} is written but could not be added to the history ({})",
                    entry.resourceVersion(), e.getClass().getSimpleName());
        }
    }

    /** Past changes, newest first. */
    public List<HistoryEntry> history() {
        KServeInstallation installation = discovery.installation();
        return repository.history(installation.namespace(), properties.historyConfigMap());
    }

    /** Puts the value a history entry wrote back, through the same checks as a replacement. */
    public StorageInitializerView restore(String id, String expectedResourceVersion, String actor, boolean dryRun) {
        HistoryEntry entry = history().stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> StorageInitializerProblems.historyEntryNotFound(id));
        ConfigJson.Parsed parsed = ConfigJson.parse(entry.after());
        if (!parsed.ok()) {
            throw StorageInitializerProblems.malformedJson(parsed.error());
        }
        return apply(ChangeRequest.replace(expectedResourceVersion, parsed.value(), actor, "rollback", dryRun));
    }

    /** Audits a write of the REST API refused before it reached the service (missing If-Match, malformed body, ...). */
    public void refused(String actor, String action, String resourceVersion, String detail) {
        refused(actor, action, resourceVersion, action.endsWith(".restore") ? "rollback" : "api", detail);
    }

    /** Audits a write from {@code source} (as in {@link ChangeRequest#source()}) refused before the service. */
    public void refused(String actor, String action, String resourceVersion, String source, String detail) {
        metrics.refused(source);
        KServeInstallation installation = discovery.installation();
        audit.record(new AuditEvent(actor, action, target(installation), resourceVersion, null,
                AuditEvent.Outcome.REFUSED, detail));
    }

    private void audit(ChangeRequest request, KServeInstallation installation, String before, String after,
            AuditEvent.Outcome outcome, String detail) {
        String action = "storage-initializer."
                + (request.change() instanceof ChangeRequest.MergePatch ? "patch" : "replace")
                + (request.dryRun() ? ".dry-run" : "");
        audit.record(new AuditEvent(request.actor(), action, target(installation), before, after, outcome,
                "source " + request.source() + (request.origin() == null ? "" : " from " + request.origin()) + "; "
                        + detail));
    }

    private static AuditEvent.Target target(KServeInstallation installation) {
        return new AuditEvent.Target("ConfigMap", installation.namespace(), installation.configMapName(),
                StorageInitializerRepository.KEY);
    }

    static StorageInitializerView view(StoredConfig stored, KServeInstallation installation) {
        ConfigJson.Parsed parsed = stored.raw() == null ? null : ConfigJson.parse(stored.raw());
        JsonNode config = parsed != null && parsed.ok() ? parsed.value() : null;
        List<FieldProblem> problems;
        boolean valid;
        if (parsed == null) {
            problems = List.of(FieldProblem.error("", "The ConfigMap has no storageInitializer key."));
            valid = false;
        } else if (!parsed.ok()) {
            problems = List.of(FieldProblem.error("", "Not valid JSON: " + parsed.error().message() + " (line "
                    + parsed.error().line() + ", column " + parsed.error().column()
                    + "). KServe rejects every new model pod until it is repaired."));
            valid = false;
        } else {
            StorageInitializerValidator.Validation validation = StorageInitializerValidator.validate(config,
                    ConfigJson.occurrences(stored.raw()), installation.version());
            problems = validation.all();
            valid = validation.valid();
        }
        return new StorageInitializerView(stored.namespace(), stored.name(), StorageInitializerRepository.KEY,
                stored.resourceVersion(), installation.versionText(), valid, config, stored.raw(),
                parsed == null ? null : parsed.error(), problems,
                Ownership.detect(stored.labels(), stored.annotations(), stored.owners()), null, null);
    }
}
