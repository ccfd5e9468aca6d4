package io.modelcar.console.web;

import java.util.Map;

import io.modelcar.console.kubernetes.ClusterHealthProperties;
import io.modelcar.console.kubernetes.ClusterPermissionDeniedException;
import io.modelcar.console.kubernetes.ClusterRequestFailedException;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every error of the REST API becomes RFC 9457 Problem Details with a stable type; nothing from the Kubernetes API
 * (bodies, URLs, tokens) is ever copied into a response, except the one-line reason of a refusal (its Status message,
 * {@link ClusterProblems}), which an admission webhook or policy writes for the person making the change.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ClusterHealthProperties health;

    ApiExceptionHandler(ClusterHealthProperties health) {
        this.health = health;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        return ResponseEntity.status(e.status()).headers(e.headers()).body(e.toProblemDetail());
    }

    @ExceptionHandler(ClusterUnreachableException.class)
    ResponseEntity<ProblemDetail> unreachable(ClusterUnreachableException e) {
        log.warn("{}", e.getMessage());
        return problem(ClusterProblems.unreachable(health.retryAfter()));
    }

    @ExceptionHandler(ClusterPermissionDeniedException.class)
    ResponseEntity<ProblemDetail> permissionDenied(ClusterPermissionDeniedException e) {
        log.warn("{}", e.getMessage());
        return problem(ClusterProblems.permissionDenied(e));
    }

    @ExceptionHandler(ClusterRequestFailedException.class)
    ResponseEntity<ProblemDetail> clusterRequestFailed(ClusterRequestFailedException e) {
        log.warn("{}", e.getMessage());
        return problem(ClusterProblems.of(e));
    }

    /** A multipart content type the container cannot parse (no boundary, a broken part): the caller's fault. */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ProblemDetail> malformedMultipart(org.springframework.web.multipart.MultipartException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The multipart request could not be read (a missing boundary or a malformed part).");
        problem.setType(ProblemTypes.INVALID_REQUEST);
        problem.setTitle("Malformed multipart request");
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        log.error("Unexpected error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; it has been logged.");
        problem.setType(ProblemTypes.INTERNAL);
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonBodies.TooLarge tooLarge) {
                // a body sent without a length, cut at the limit while being read
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                        "The body is larger than " + tooLarge.limit + " bytes. Nothing was changed.");
                problem.setType(ProblemTypes.PAYLOAD_TOO_LARGE);
                problem.setTitle("Body too large");
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
            }
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON or does not have the expected shape.");
        problem.setType(ProblemTypes.MALFORMED_JSON);
        problem.setTitle("Malformed request body");
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        // Spring's own problems (415, 405, 406, ...) keep their status but get a stable type of ours.
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemTypes.of(typeFor(statusCode.value())));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    static String typeFor(int status) {
        return switch (status) {
            case 400 -> "invalid-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }
}
