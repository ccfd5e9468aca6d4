package io.modelcar.console.kubernetes;

/**
 * The Kubernetes API server answered, but did not do what was asked, for a reason that is neither "unreachable" nor
 * a missing RBAC permission (those have exceptions of their own): it rejected the request (a validation, an
 * admission webhook or policy), the object is not there, it changed in between, or the server itself failed. Each
 * {@link Kind} is a different answer to the caller, so a 422 of a ValidatingAdmissionPolicy or an etcd timeout is
 * not told as the console's own bug. Keeps only the Status message of the answer, cleaned and capped: never its
 * body or its URL.
 */
public class ClusterRequestFailedException extends RuntimeException {

    /** Longer Status messages are cut: an admission message says why in a sentence or two. */
    static final int MAX_MESSAGE = 500;

    /** What the API server's answer means for the request. */
    public enum Kind {
        /** 400 or 422, or a 403 given by admission (a webhook, a ValidatingAdmissionPolicy, a quota): not applied. */
        REJECTED,
        /** 404: the object is not there (deleted in between, or never created). */
        NOT_FOUND,
        /** 409 that the caller did not handle itself: the object changed in between, or already exists. */
        CONFLICT,
        /** 500 and any other answer: the API server failed; a write may or may not have been applied. */
        SERVER_FAILED
    }

    private final String verb;
    private final String resource;
    private final Kind kind;
    private final int code;
    private final String serverMessage;

    public ClusterRequestFailedException(String verb, String resource, Kind kind, int code, String serverMessage,
            Throwable cause) {
        super("The Kubernetes API server answered " + code + " to " + verb + " " + resource
                + (clean(serverMessage) == null ? "" : ": " + clean(serverMessage)), cause);
        this.verb = verb;
        this.resource = resource;
        this.kind = kind;
        this.code = code;
        this.serverMessage = clean(serverMessage);
    }

    public String verb() {
        return verb;
    }

    public String resource() {
        return resource;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the API server answered. */
    public int code() {
        return code;
    }

    /** The API server's own explanation (its Status message), or null; one line, at most 500 characters. */
    public String serverMessage() {
        return serverMessage;
    }

    /** Whether the request would have changed something (so a failure may have left it applied or not). */
    public boolean write() {
        return !("get".equals(verb) || "list".equals(verb) || "watch".equals(verb));
    }

    private static String clean(String message) {
        if (message == null || message.isBlank()) {
            return null;
        }
        String line = message.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
