package io.modelcar.console.web;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Something that went wrong and has its own Problem Details type: Spring's {@link ErrorResponseException} with a
 * stable {@code type} and a title. Features throw subclasses named for what happened; {@link ApiExceptionHandler}
 * answers them as {@code application/problem+json} in one place, {@link PageExceptionHandler} as the error page.
 * Its message is the Problem's {@code detail}.
 */
public class ProblemException extends ErrorResponseException {

    public ProblemException(HttpStatus status, URI type, String title, String detail) {
        super(status, problem(status, type, title, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    /** Adds an extension member to the Problem, e.g. {@code errors} or {@code currentResourceVersion}. */
    public ProblemException with(String name, Object value) {
        getBody().setProperty(name, value);
        return this;
    }

    public ProblemException withHeader(String name, String value) {
        getHeaders().add(name, value);
        return this;
    }

    /** The Problem's detail, as the pages and the audit log show it. */
    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    public HttpStatus status() {
        return HttpStatus.valueOf(getStatusCode().value());
    }

    public URI type() {
        return getBody().getType();
    }

    public String title() {
        return getBody().getTitle();
    }

    public HttpHeaders headers() {
        return getHeaders();
    }

    /** The extension members, in the order they were added. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = getBody().getProperties();
        return properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The Problem as the API answers it (a copy: a handler may add to it without changing this exception). */
    public ProblemDetail toProblemDetail() {
        ProblemDetail body = getBody();
        ProblemDetail copy = ProblemDetail.forStatusAndDetail(getStatusCode(), body.getDetail());
        copy.setType(body.getType());
        copy.setTitle(body.getTitle());
        copy.setInstance(body.getInstance());
        properties().forEach(copy::setProperty);
        return copy;
    }
}
