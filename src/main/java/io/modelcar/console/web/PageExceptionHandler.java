package io.modelcar.console.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.modelcar.console.kubernetes.ClusterHealthProperties;
import io.modelcar.console.kubernetes.ClusterPermissionDeniedException;
import io.modelcar.console.kubernetes.ClusterRequestFailedException;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;

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

    private final JsonMapper json;

    PageExceptionHandler(ClusterHealthProperties health, LayoutAdvice layout, JsonMapper json) {
        this.health = health;
        this.layout = layout;
        this.json = json;
    }

    @ExceptionHandler(ClusterUnreachableException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    ModelAndView unreachable(HttpServletRequest request, HttpServletResponse response) {
        if (fromScript(request)) {
            return json(ClusterProblems.unreachable(health.retryAfter()));
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(health.retryAfter().toSeconds()));
        ModelAndView mav = new ModelAndView("unreachable");
        mav.addObject("message", "The Kubernetes API server is not answering. The console keeps trying; "
                + "reload this page in a moment.");
        layout.addTo(mav);
        return mav;
    }

    /** Our own problems (their messages are ours, never a Kubernetes body) as the console's error page. */
    @ExceptionHandler(ProblemException.class)
    ModelAndView problem(ProblemException e, HttpServletRequest request) {
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
    ModelAndView clusterRequestFailed(ClusterRequestFailedException e, HttpServletRequest request) {
        return problem(ClusterProblems.of(e), request);
    }

    @ExceptionHandler(ClusterPermissionDeniedException.class)
    @ResponseStatus(HttpStatus.BAD_GATEWAY)
    ModelAndView permissionDenied(ClusterPermissionDeniedException e, HttpServletRequest request) {
        if (fromScript(request)) {
            return json(ClusterProblems.permissionDenied(e));
        }
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

    /**
     * The Problem as JSON, as a view. The handlers keep their ModelAndView answers and {@code @ResponseStatus}:
     * springdoc reads this advice's handlers into the API's generic responses, and without them GET
     * /api/v1/inferenceservices/{namespace}/{name} lost its 200 in the OpenAPI document.
     */
    private ModelAndView json(ProblemException e) {
        ProblemDetail problem = e.toProblemDetail();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        View view = (model, request, response) -> {
            e.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            json.writeValue(response.getOutputStream(), body);
        };
        ModelAndView mav = new ModelAndView(view);
        mav.setStatus(e.status());
        return mav;
    }
}
