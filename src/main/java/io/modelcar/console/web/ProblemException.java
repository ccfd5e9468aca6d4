package io.modelcar.console.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Something that went wrong and has its own Problem Details type. Features throw subclasses named for what
 * happened; {@link ApiExceptionHandler} turns them into {@code application/problem+json} in one place.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final HttpHeaders headers = new HttpHeaders();

    public ProblemException(HttpStatus status, URI type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /** Adds an extension member to the Problem, e.g. {@code errors} or {@code currentResourceVersion}. */
    public ProblemException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public ProblemException withHeader(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(type);
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
