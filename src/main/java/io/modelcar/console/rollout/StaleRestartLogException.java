package io.modelcar.console.rollout;

/** The restart log changed between our read and our write (another restart or another console replica). */
class StaleRestartLogException extends RuntimeException {

    StaleRestartLogException() {
        super("The restart log changed since it was read");
    }
}
