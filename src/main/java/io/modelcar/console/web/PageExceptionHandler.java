package io.modelcar.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.modelcar.console.kubernetes.ClusterHealthProperties;
import io.modelcar.console.kubernetes.ClusterPermissionDeniedException;
import io.modelcar.console.kubernetes.ClusterRequestFailedException;
import io.modelcar.console.kubernetes.ClusterUnreachableException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Pages never show a stack trace or a raw Kubernetes error: an unreachable cluster is a state with its own page,
 * and a page's script (saving the configuration, flipping a toggle) gets the same Problem as JSON, shown beside the
 * form it keeps.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    private final ClusterHealthProperties health;
    private final LayoutAdvice layout;

    PageExceptionHandler(ClusterHealthProperties health, LayoutAdvice layout) {
        this.health = health;
        this.layout = layout;
    }

    @ExceptionHandler(ClusterUnreachableException.class)
    Object unreachable(HttpServletRequest request, HttpServletResponse response) {
        if (fromScript(request)) {
            return json(ClusterProblems.unreachable(health.retryAfter()));
        }
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(health.retryAfter().toSeconds()));
        ModelAndView mav = new ModelAndView("unreachable");
        mav.addObject("message", "The Kubernetes API server is not answering. The console keeps trying; "
                + "reload this page in a moment.");
        layout.addTo(mav);
        return mav;
    }

    /** Our own problems (their messages are ours, never a Kubernetes body) as the console's error page. */
    @ExceptionHandler(ProblemException.class)
    Object problem(ProblemException e, HttpServletRequest request) {
        if (fromScript(request)) {
            return json(e);
        }
        ModelAndView mav = new ModelAndView("error");
        mav.setStatus(e.status());
        mav.addObject("status", e.status().value());
        mav.addObject("reason", e.title());
        mav.addObject("message", e.getMessage());
        layout.addTo(mav);
        return mav;
    }

    /** The API server answered but did not do it: the error page with its reason, as the API tells it. */
    @ExceptionHandler(ClusterRequestFailedException.class)
    Object clusterRequestFailed(ClusterRequestFailedException e, HttpServletRequest request) {
        return problem(ClusterProblems.of(e), request);
    }

    @ExceptionHandler(ClusterPermissionDeniedException.class)
    Object permissionDenied(ClusterPermissionDeniedException e, HttpServletRequest request,
            HttpServletResponse response) {
        if (fromScript(request)) {
            return json(ClusterProblems.permissionDenied(e));
        }
        response.setStatus(HttpStatus.BAD_GATEWAY.value());
        ModelAndView mav = new ModelAndView("unreachable");
        mav.addObject("message", e.getMessage() + ". Ask a cluster admin to grant it to the console's "
                + "ServiceAccount.");
        layout.addTo(mav);
        return mav;
    }

    /**
     * A page's script asking for JSON (its fetches send {@code Accept: application/json}; a browser navigating
     * asks for HTML): it gets the Problem the API would answer, which it shows beside the form it keeps, not an
     * HTML page it would show as text.
     */
    private static boolean fromScript(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("json") && !accept.contains("text/html");
    }

    private static ResponseEntity<ProblemDetail> json(ProblemException e) {
        return ResponseEntity.status(e.status()).headers(e.headers()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.toProblemDetail());
    }
}
