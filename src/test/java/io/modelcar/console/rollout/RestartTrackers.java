package io.modelcar.console.rollout;

import org.springframework.context.ApplicationContext;

/** For tests of several consoles in one JVM: which replica follows a controller restart. */
public final class RestartTrackers {

    private RestartTrackers() {
    }

    /** The id a console writes into the records of the restarts it follows. */
    public static String replicaId(ApplicationContext console) {
        return console.getBean(RestartTracker.class).replicaId();
    }

    /** Whether this console follows the restart now. */
    public static boolean follows(ApplicationContext console, String restartId) {
        return console.getBean(RestartTracker.class).tracks(restartId);
    }
}
