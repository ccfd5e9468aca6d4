package io.modelcar.console.toggles;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.modelcar.console.audit.AuditEvent;
import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.replicas.LeaderLease;
import io.modelcar.console.storageinitializer.ChangeRequest;
import io.modelcar.console.storageinitializer.StaleResourceVersion;
import io.modelcar.console.storageinitializer.StorageInitializerService;
import io.modelcar.console.storageinitializer.StorageInitializerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Flips timed toggles back when they run out, once, whichever console replica gets there first. A replica first
 * claims the expiry with a resourceVersion-locked update of the records (losers of that race see a conflict and
 * leave it), then flips back through {@link StorageInitializerService#apply} with the configuration version it just
 * read, but only while the keys still hold what the timed flip set: a later change by someone else wins. An
 * expiry whose claimer died is claimed again after {@link ToggleProperties#claimTimeout()}. Only the replica holding
 * the {@link LeaderLease} checks, and it checks at once when it becomes leader; the claims stay as the guard for the
 * moment two replicas both believe they lead.
 */
@Component
class ToggleExpiry {

    static final String ACTOR = "modelcar-console";
    private static final int FLIP_ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(ToggleExpiry.class);

    private final StorageInitializerService storage;
    private final KServeDiscovery discovery;
    private final ToggleRecords records;
    private final AuditLog audit;
    private final ToggleProperties properties;
    private final ToggleMetrics metrics;
    private final Clock clock;
    private final String instance = "console-" + UUID.randomUUID().toString().substring(0, 8);
    private BooleanSupplier leads = () -> true;

    @Autowired
    ToggleExpiry(StorageInitializerService storage, KServeDiscovery discovery, ToggleRecords records, AuditLog audit,
            ToggleProperties properties, ToggleMetrics metrics, Clock clock, LeaderLease lease) {
        this(storage, discovery, records, audit, properties, metrics, clock);
        this.leads = lease::leads;
        lease.whenLeading(this::check);
    }

    ToggleExpiry(StorageInitializerService storage, KServeDiscovery discovery, ToggleRecords records, AuditLog audit,
            ToggleProperties properties, ToggleMetrics metrics, Clock clock) {
        this.storage = storage;
        this.discovery = discovery;
        this.records = records;
        this.audit = audit;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${console.toggles.expiry-check-interval:5s}",
            initialDelayString = "${console.toggles.expiry-check-interval:5s}")
    void check() {
        if (!leads.getAsBoolean()) {
            return;
        }
        try {
            expireDue();
        } catch (RuntimeException e) {
            log.warn("Checking toggle expiries failed ({}); trying again at the next check",
                    e.getClass().getSimpleName());
        }
    }

    /** Handles every due expiry this instance wins; answers how many flips back it wrote. */
    int expireDue() {
        String namespace = discovery.installation().namespace();
        int flipped = 0;
        for (int round = 0; round < ToggleService.RECORD_ATTEMPTS; round++) {
            Instant now = clock.instant();
            ToggleRecords.Snapshot snapshot = records.read(namespace, properties.recordsConfigMap());
            metrics.pendingExpiries(snapshot.expiries().size());
            PendingExpiry due = snapshot.expiries().stream()
                    .filter(p -> p.due(now) && p.claimable(now, properties.claimTimeout())).findFirst().orElse(null);
            if (due == null) {
                return flipped;
            }
            List<PendingExpiry> claimed = new ArrayList<>();
            for (PendingExpiry p : snapshot.expiries()) {
                claimed.add(p.id().equals(due.id()) ? p.claimed(instance, now) : p);
            }
            if (!records.write(namespace, properties.recordsConfigMap(), snapshot.resourceVersion(), claimed)) {
                continue; // another replica changed the records first: read them again and decide again
            }
            if (flipBack(due)) {
                flipped++;
            }
            remove(namespace, due.id());
        }
        return flipped;
    }

    private boolean flipBack(PendingExpiry expiry) {
        String action = "toggle." + expiry.toggle() + ".expire";
        for (int attempt = 1; attempt <= FLIP_ATTEMPTS; attempt++) {
            StorageInitializerView current = storage.current();
            if (!ToggleRules.stillAsSet(current.config(), expiry.effect())) {
                audit(action, current.resourceVersion(), null, AuditEvent.Outcome.UNCHANGED, "the timed flip by "
                        + expiry.actor() + " was changed since; left as it is");
                return false;
            }
            try {
                StorageInitializerView written = storage.apply(ChangeRequest.mergePatch(current.resourceVersion(),
                        expiry.revert(), ACTOR, "expiry", false));
                ToggleSpec.find(expiry.toggle(), discovery.installation().version()).ifPresent(toggle -> metrics
                        .flipped(toggle.name(), ToggleRules.enabled(written.config(), toggle), "expiry"));
                audit(action, current.resourceVersion(), written.resourceVersion(), AuditEvent.Outcome.SUCCESS,
                        "the timed flip by " + expiry.actor() + " from " + expiry.createdAt() + " ran out at "
                                + expiry.expiresAt() + "; flipped back");
                return true;
            } catch (StaleResourceVersion e) {
                log.debug("The configuration changed while flipping back {}; reading it again", expiry.toggle());
            }
        }
        audit(action, null, null, AuditEvent.Outcome.REFUSED, "the configuration kept changing; will try again");
        throw new IllegalStateException("Could not flip back " + expiry.toggle());
    }

    private void remove(String namespace, String id) {
        for (int attempt = 0; attempt < ToggleService.RECORD_ATTEMPTS; attempt++) {
            ToggleRecords.Snapshot snapshot = records.read(namespace, properties.recordsConfigMap());
            List<PendingExpiry> rest = snapshot.expiries().stream().filter(p -> !p.id().equals(id)).toList();
            if (rest.size() == snapshot.expiries().size()
                    || records.write(namespace, properties.recordsConfigMap(), snapshot.resourceVersion(), rest)) {
                return;
            }
        }
        log.warn("Could not remove the handled toggle expiry {}; it will find its flip undone and drop itself", id);
    }

    private void audit(String action, String before, String after, AuditEvent.Outcome outcome, String detail) {
        KServeInstallation installation = discovery.installation();
        audit.record(new AuditEvent(ACTOR, action, new AuditEvent.Target("ConfigMap", installation.namespace(),
                installation.configMapName(), "storageInitializer"), before, after, outcome, detail));
    }
}
