package io.modelcar.console.web;

import jakarta.servlet.http.HttpServletResponse;

import io.modelcar.console.kubernetes.ClusterHealthProperties;
import io.modelcar.console.kubernetes.ClusterPermissionDeniedException;
import io.modelcar.console.kubernetes.ClusterRequestFailedException;
import io.modelcar.console.kubernetes.ClusterUnreachableException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * Pages never show a stack trace or a raw Kubernetes error: an unreachable cluster is a state with its own page.
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
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    ModelAndView unreachable(HttpServletResponse response) {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(health.retryAfter().toSeconds()));
        ModelAndView mav = new ModelAndView("unreachable");
        mav.addObject("message", "The Kubernetes API server is not answering. The console keeps trying; "
                + "reload this page in a moment.");
        layout.addTo(mav);
        return mav;
    }

    /** Our own problems (their messages are ours, never a Kubernetes body) as the console's error page. */
    @ExceptionHandler(ProblemException.class)
    ModelAndView problem(ProblemException e) {
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
    ModelAndView clusterRequestFailed(ClusterRequestFailedException e) {
        return problem(ClusterProblems.of(e));
    }

    @ExceptionHandler(ClusterPermissionDeniedException.class)
    @ResponseStatus(HttpStatus.BAD_GATEWAY)
    ModelAndView permissionDenied(ClusterPermissionDeniedException e) {
        ModelAndView mav = new ModelAndView("unreachable");
        mav.addObject("message", e.getMessage() + ". Ask a cluster admin to grant it to the console's "
                + "ServiceAccount.");
        layout.addTo(mav);
        return mav;
    }
}
