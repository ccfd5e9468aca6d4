package io.modelcar.console.audit;

/**
 * One audited action: who did what to which object, from which resourceVersion to which, and how it ended. Never
 * put secrets or raw Kubernetes error bodies into {@code detail}.
 *
 * @param actor                 the user name (or {@code system} for the console itself)
 * @param action                what was attempted, e.g. {@code storage-initializer.update}
 * @param target                the Kubernetes object acted on
 * @param resourceVersionBefore the version the actor based the change on, null when unknown
 * @param resourceVersionAfter  the version after the write, null when nothing was written
 * @param outcome               how it ended
 * @param detail                a short human explanation
 */
public record AuditEvent(String actor, String action, Target target, String resourceVersionBefore,
        String resourceVersionAfter, Outcome outcome, String detail) {

    /** How an audited action ended. */
    public enum Outcome {
        /** Written. */
        SUCCESS,
        /** Nothing to write: the result equalled the current state. */
        UNCHANGED,
        /** Refused before writing (validation, precondition, conflict): nothing changed. */
        REFUSED,
        /** Attempted but failed (cluster unreachable, permission missing): nothing changed. */
        FAILED,
        /** Asked for; its outcome follows in a later record (e.g. a controller restart, which takes a while). */
        REQUESTED
    }

    /** A Kubernetes object: {@code kind}, {@code namespace}, {@code name}, optionally a {@code key} inside it. */
    public record Target(String kind, String namespace, String name, String key) {

        @Override
        public String toString() {
            return kind + " " + namespace + "/" + name + (key == null ? "" : " key " + key);
        }
    }
}
