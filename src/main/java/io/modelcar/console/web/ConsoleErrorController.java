package io.modelcar.console.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * What the servlet container's error dispatch ({@code /error}) answers: errors that happen before a controller is
 * chosen (unknown paths, wrong methods, rejected requests). The API gets Problem Details with one of our types;
 * browsers get the console's error page. Neither ever shows an exception message or a stack trace.
 */
@Controller
class ConsoleErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        return problemFor(request);
    }

    @RequestMapping(path = "/error")
    Object page(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path && (path.startsWith("/api/") || path.equals("/api")
                || path.startsWith("/v3/api-docs"))) {
            return problemFor(request);
        }
        HttpStatus status = status(request);
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("reason", status.getReasonPhrase());
        model.addAttribute("message", switch (status.value()) {
            case 404 -> "There is nothing at this address.";
            case 403 -> "Your role does not allow this.";
            case 405 -> "This address does not accept that kind of request.";
            default -> status.is5xxServerError() ? "Something went wrong on our side; it has been logged."
                    : "The request could not be handled.";
        });
        return "error";
    }

    private static ResponseEntity<ProblemDetail> problemFor(HttpServletRequest request) {
        HttpStatus status = status(request);
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(status.is5xxServerError() ? ProblemTypes.INTERNAL
                : ProblemTypes.of(ApiExceptionHandler.typeFor(status.value())));
        problem.setTitle(status.getReasonPhrase());
        problem.setDetail(status.is5xxServerError() ? "An unexpected error occurred; it has been logged."
                : "The request could not be handled: " + status.getReasonPhrase() + ".");
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
