package io.modelcar.console.rollout;

/** Where a controller restart stands. Pending and Progressing are running; the other two are final. */
public enum RestartState {
    Pending, Progressing, Succeeded, Failed;

    public boolean running() {
        return this == Pending || this == Progressing;
    }
}
