package io.modelcar.console.images;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelcar.console.web.ProblemException;

/** The mutable state of one running build behind {@link ImageBuild} snapshots; thread-safe. */
final class BuildRun implements ModelcarImageBuilder.Listener {

    private static final int MAX_STEPS = 200;

    private final String id;
    private final ImageName image;
    private final ModelFiles model;
    private final Clock clock;
    private final java.time.Instant startedAt;
    private final List<ImageBuild.Step> steps = new ArrayList<>();
    private ImageBuild.State state = ImageBuild.State.Pending;
    private int progress;
    private String message = "Waiting for a free builder";
    private String digest;
    private Map<String, Object> error;
    private java.time.Instant finishedAt;

    BuildRun(String id, ImageName image, ModelFiles model, Clock clock) {
        this.id = id;
        this.image = image;
        this.model = model;
        this.clock = clock;
        this.startedAt = clock.instant();
        steps.add(new ImageBuild.Step(startedAt, "Accepted: " + model.fileCount() + " files, " + model.totalBytes()
                + " bytes, for " + image));
    }

    String id() {
        return id;
    }

    ImageName image() {
        return image;
    }

    ModelFiles model() {
        return model;
    }

    @Override
    public synchronized void step(String text) {
        message = text;
        if (state == ImageBuild.State.Pending) {
            state = ImageBuild.State.Building;
        }
        if (text.toLowerCase(java.util.Locale.ROOT).startsWith("pushing")) {
            state = ImageBuild.State.Pushing;
        }
        if (steps.size() < MAX_STEPS) {
            steps.add(new ImageBuild.Step(clock.instant(), text));
        }
    }

    @Override
    public synchronized void progress(double fraction, List<String> runningTasks) {
        progress = Math.max(progress, (int) Math.min(99, Math.floor(fraction * 100)));
        if (!runningTasks.isEmpty()) {
            message = capitalize(runningTasks.get(0));
        }
    }

    synchronized void succeeded(String pushedDigest) {
        if (state.finished()) {
            return; // dropped at its deadline meanwhile
        }
        digest = pushedDigest;
        state = ImageBuild.State.Succeeded;
        progress = 100;
        message = "Pushed " + image.registry() + "/" + image.repository() + ":" + image.tag() + "@" + pushedDigest;
        finishedAt = clock.instant();
        steps.add(new ImageBuild.Step(finishedAt, message));
    }

    synchronized void failed(ProblemException problem) {
        if (state.finished()) {
            return;
        }
        state = ImageBuild.State.Failed;
        error = new java.util.LinkedHashMap<>();
        error.put("type", problem.type().toString());
        error.put("title", problem.title());
        error.put("status", problem.status().value());
        error.put("detail", problem.getMessage());
        message = problem.title() + ": " + problem.getMessage();
        finishedAt = clock.instant();
        steps.add(new ImageBuild.Step(finishedAt, message));
    }

    synchronized boolean finished() {
        return state.finished();
    }

    synchronized ImageBuild snapshot() {
        String uri = digest == null ? null : "oci://" + image.withDigest(digest);
        return new ImageBuild(id, state, progress, message, List.copyOf(steps), image.toString(), model.fileCount(),
                model.totalBytes(), digest, uri, error == null ? null : java.util.Collections.unmodifiableMap(error), startedAt, finishedAt);
    }

    private static String capitalize(String task) {
        return task.isEmpty() ? task : Character.toUpperCase(task.charAt(0)) + task.substring(1);
    }
}
