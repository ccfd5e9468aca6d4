package io.modelcar.console.environment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every page's banner: the environment class of the managed cluster ({@code environment} model attribute). */
@ControllerAdvice(annotations = Controller.class)
class EnvironmentAdvice {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentAdvice.class);

    private final EnvironmentService environments;

    EnvironmentAdvice(EnvironmentService environments) {
        this.environments = environments;
    }

    @ModelAttribute("environment")
    String environment() {
        try {
            return environments.current().id();
        } catch (RuntimeException e) {
            // The banner is information: a page must still render when the environment cannot be told.
            log.debug("Environment unknown for the banner ({})", e.getClass().getSimpleName());
            return null;
        }
    }
}
