package io.modelcar.console.web;

import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;

/**
 * The request as the filters in front of the controllers see it (issue 14, points 3 and 10):
 * <ul>
 * <li>a multipart body stays unread until the caller is authenticated and authorised ({@link #release()}, called
 * right after the security filters): before that, no parameter and no part can be read, so no filter (CSRF, login)
 * makes the container spool an upload to disk for a caller it then refuses;</li>
 * <li>parameters the container cannot decode (invalid percent-encoding, too many, too large) read as absent, and
 * the request is marked {@link #malformed()} so that it is answered with a 400 Problem once the caller is known,
 * instead of an exception out of whichever filter reads a parameter first.</li>
 * </ul>
 */
final class ParameterGate extends HttpServletRequestWrapper {

    private final boolean multipart;
    private final int malformedStatus;
    private volatile boolean released;

    private ParameterGate(HttpServletRequest request, boolean multipart, int malformedStatus) {
        super(request);
        this.multipart = multipart;
        this.malformedStatus = malformedStatus;
    }

    /** Wraps a request: multipart bodies sealed, other parameters decoded now (in memory, bounded by the container). */
    static ParameterGate of(HttpServletRequest request) {
        String type = request.getContentType();
        if (type != null && type.regionMatches(true, 0, "multipart/", 0, 10)) {
            return new ParameterGate(request, true, 0);
        }
        try {
            request.getParameterMap();
            return new ParameterGate(request, false, 0);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return new ParameterGate(request, false, statusOf(e));
        }
    }

    private static int statusOf(RuntimeException e) {
        if (e instanceof org.apache.tomcat.util.http.InvalidParameterException invalid
                && invalid.getErrorCode() >= 400 && invalid.getErrorCode() < 500) {
            return invalid.getErrorCode();
        }
        return 400;
    }

    /** Lets the body be read: the caller is authenticated and authorised. */
    void release() {
        released = true;
    }

    /** 0, or the 4xx status the request's undecodable parameters deserve. */
    int malformed() {
        return malformedStatus;
    }

    private boolean blocked() {
        return malformedStatus != 0 || (multipart && !released);
    }

    @Override
    public String getParameter(String name) {
        return blocked() ? null : released(() -> super.getParameter(name));
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return blocked() ? Map.of() : released(super::getParameterMap);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return blocked() ? Collections.emptyEnumeration() : released(super::getParameterNames);
    }

    @Override
    public String[] getParameterValues(String name) {
        return blocked() ? null : released(() -> super.getParameterValues(name));
    }

    /**
     * Parameters of a released multipart request: the container parses the body on the first read, and a body it
     * cannot parse (no boundary, a broken part) is the caller's fault, a 400 Problem (413 when over the limits), not
     * a container exception out of whichever interceptor or argument resolver reads a parameter first (found by
     * ApiFuzzTest: a 500 from the production guard's {@code dryRun} check).
     */
    private <T> T released(java.util.function.Supplier<T> read) {
        if (!multipart) {
            return read.get();
        }
        try {
            return read.get();
        } catch (IllegalStateException | IllegalArgumentException e) {
            if (statusOf(e) == 413) {
                throw new org.springframework.web.multipart.MaxUploadSizeExceededException(-1, e);
            }
            throw new org.springframework.web.multipart.MultipartException("The multipart request could not be read",
                    e);
        }
    }

    @Override
    public Collection<Part> getParts() throws java.io.IOException, ServletException {
        requireReleased();
        return super.getParts();
    }

    @Override
    public Part getPart(String name) throws java.io.IOException, ServletException {
        requireReleased();
        return super.getPart(name);
    }

    @Override
    public jakarta.servlet.ServletInputStream getInputStream() throws java.io.IOException {
        requireReleased();
        return super.getInputStream();
    }

    @Override
    public java.io.BufferedReader getReader() throws java.io.IOException {
        requireReleased();
        return super.getReader();
    }

    private void requireReleased() {
        if (multipart && !released) {
            throw new IllegalStateException("The multipart body is read only after authorisation");
        }
    }
}
