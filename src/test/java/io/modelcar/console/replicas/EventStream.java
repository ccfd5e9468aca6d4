package io.modelcar.console.replicas;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test client of the inventory's Server-Sent Events, as an EventSource reconnecting with Last-Event-ID. */
final class EventStream implements AutoCloseable {

    record Event(String name, String id, String data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final InputStream body;

    private EventStream(InputStream body) {
        this.body = body;
        Thread reader = new Thread(this::read, "event-stream-test");
        reader.setDaemon(true);
        reader.start();
    }

    static EventStream open(int port, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/inferenceservices/stream"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "viewer:viewer".getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new AssertionError("stream answered " + response.statusCode());
        }
        return new EventStream(response.body());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (name != null || data.length() > 0) {
                        events.add(new Event(name == null ? "message" : name, id, data.toString()));
                    }
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                }
            }
        } catch (java.io.IOException closed) {
            // closed by the test
        }
    }

    /** The first event with this name whose data mentions {@code text}, waiting up to 10 s. */
    Event awaitEvent(String name, String text) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(end)) {
            for (Event event : events) {
                if (event.name().equals(name) && event.data().contains(text)) {
                    return event;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + name + " event mentioning " + text + " in " + events);
    }

    List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    @Override
    public void close() throws java.io.IOException {
        body.close();
    }
}
