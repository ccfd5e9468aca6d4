package io.modelcar.console.testsupport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.modelcar.console.kubernetes.KServeResources;

/**
 * An in-memory Kubernetes API over real HTTP: fabric8's mock server in CRUD mode (real resourceVersions, real 409s,
 * real watches), plus what the CRUD dispatcher lacks: the discovery endpoints kubectl needs, LISTs in pages
 * ({@code limit} and {@code continue}, {@link ListPages}), a log of every request
 * (to count LISTs or check that writes carry a resourceVersion), and faults on demand (answer 503/429, or stop
 * answering altogether and come back later with the same state).
 */
public final class MockKubernetesApi implements AutoCloseable {

    public static final CustomResourceDefinitionContext INFERENCE_SERVICE_CRD = new CustomResourceDefinitionContext.Builder()
            .withGroup(KServeResources.GROUP)
            .withVersion(KServeResources.VERSION)
            .withKind("InferenceService")
            .withPlural("inferenceservices")
            .withScope("Namespaced")
            .withStatusSubresource(true)
            .build();

    private final ConsoleDispatcher dispatcher = new ConsoleDispatcher();
    private final InetAddress address;
    private volatile KubernetesMockServer server;
    private volatile MockWebServer web;
    private volatile int port;
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();

    private MockKubernetesApi(InetAddress address, int port) {
        this.address = address;
        this.port = port;
        listen();
    }

    /** Starts on a random loopback port. */
    public static MockKubernetesApi start() {
        return start(0);
    }

    /** Starts on the given loopback port (0 for a random one). */
    public static MockKubernetesApi start(int port) {
        try {
            return new MockKubernetesApi(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void listen() {
        VersionInfo version = new VersionInfo.Builder().withMajor("1").withMinor("33").build();
        MockWebServer w = new MockWebServer();
        // the web server queues every request it receives (bodies included) for takeRequest(), which nothing here
        // calls: the dispatcher empties that queue as it goes (its own log below is what tests read)
        dispatcher.webServer = w;
        KubernetesMockServer s = new KubernetesMockServer(new Context(), w, new HashMap<>(), dispatcher, false,
                version);
        s.init(address, port);
        port = s.getPort();
        web = w;
        server = s;
    }

    /**
     * Stops the server and waits until it has stopped, however long its event loop is held. fabric8's MockWebServer
     * gives the close 10 s, then fails with "Unable to close MockWebServer" and leaves its Vert.x running; a dispatch
     * runs on that event loop, and on a machine busy with other builds one dispatch alone (the first deserialization
     * of a kind) held it for 14 s: the tear-down of whichever test closed then failed. Here the close that
     * MockWebServer started is awaited to its end (up to two minutes), then its Vert.x is closed as it would have.
     */
    private static void destroy(KubernetesMockServer server, MockWebServer web) {
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            if (!"Unable to close MockWebServer".equals(e.getMessage())) {
                throw e;
            }
            awaitVertx(privateField(web, "httpServer", io.vertx.core.http.HttpServer.class).close());
            awaitVertx(privateField(web, "vertx", io.vertx.core.Vertx.class).close());
        }
    }

    private static void awaitVertx(io.vertx.core.Future<Void> closed) {
        try {
            closed.toCompletionStage().toCompletableFuture().get(2, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The in-memory API did not stop within two minutes", e);
        }
    }

    /** MockWebServer keeps its Vert.x and HTTP server private; there is no other way to wait for them. */
    private static <T> T privateField(Object owner, String name, Class<T> type) {
        try {
            java.lang.reflect.Field field = MockWebServer.class.getDeclaredField(name);
            field.setAccessible(true);
            return type.cast(field.get(owner));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8's MockWebServer has no field " + name + " any more", e);
        }
    }

    /** The API server URL, e.g. {@code http://127.0.0.1:18080}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A client for test code: no retries, so that fault tests see failures at once. Closed with this API. */
    public KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withRequestRetryBackoffLimit(0)
                .withNamespace("default").build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        clients.add(client);
        return client;
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return new ArrayList<>(dispatcher.requests);
    }

    public void clearRequests() {
        dispatcher.requests.clear();
    }

    /**
     * Whether requests are kept for {@link #requests()} and the counts (default: yes, for tests). A long-running
     * sandbox turns this off: it would otherwise keep every request it ever served, bodies included.
     */
    public MockKubernetesApi recordRequests(boolean record) {
        dispatcher.recording = record;
        if (!record) {
            dispatcher.requests.clear();
        }
        return this;
    }

    /** How many requests with this method matched the predicate on their path (with query). */
    public long count(String method, Predicate<String> path) {
        return dispatcher.requests.stream().filter(r -> method.equalsIgnoreCase(r.getMethod()))
                .filter(r -> path.test(r.getPath())).count();
    }

    /** A LIST is a GET on a collection that is not a watch. */
    public long listRequests(String resourcePlural) {
        return count("GET", p -> isList(p, resourcePlural));
    }

    /** LISTs sent by clients with this {@code User-Agent} only (other consoles may share this API). */
    public long listRequests(String resourcePlural, String userAgent) {
        return dispatcher.requests.stream().filter(r -> "GET".equalsIgnoreCase(r.getMethod()))
                .filter(r -> userAgent.equals(r.getHeader("User-Agent")))
                .filter(r -> isList(r.getPath(), resourcePlural)).count();
    }

    private static boolean isList(String pathAndQuery, String resourcePlural) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
                : pathAndQuery;
        return path.endsWith("/" + resourcePlural) && !pathAndQuery.contains("watch=true");
    }

    /**
     * Stores objects straight into the in-memory API, as a POST to {@code collectionPath} would (uid,
     * resourceVersion, creationTimestamp unless given, status kept), but without HTTP and without the
     * duplicate check that scans every stored object: seeds tens of thousands of objects in seconds. For benchmarks;
     * tests of behaviour create objects through the API.
     *
     * @param collectionPath e.g. {@code /api/v1/namespaces/ns/pods}
     */
    public void bulkCreate(String collectionPath, List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
        for (io.fabric8.kubernetes.api.model.HasMetadata object : objects) {
            io.fabric8.kubernetes.api.model.GenericKubernetesResource resource = io.fabric8.kubernetes.client.utils
                    .Serialization.unmarshal(io.fabric8.kubernetes.client.utils.Serialization.asJson(object),
                            io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
            var metadata = resource.getMetadata();
            metadata.setUid(java.util.UUID.randomUUID().toString());
            metadata.setResourceVersion(String.valueOf(dispatcher.requestResourceVersion()));
            metadata.setGeneration(1L);
            if (metadata.getCreationTimestamp() == null) {
                metadata.setCreationTimestamp(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
            }
            io.fabric8.mockwebserver.crud.AttributeSet attributes = dispatcher.getKey(collectionPath)
                    .add(new io.fabric8.mockwebserver.crud.Attribute(
                            io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAME,
                            metadata.getName()));
            dispatcher.processEvent(collectionPath, attributes, null, resource,
                    io.fabric8.kubernetes.client.utils.Serialization.asJson(resource));
        }
    }

    /** Events older than this are deleted, as an API server's {@code --event-ttl} does (default one hour). */
    public MockKubernetesApi eventTtl(java.time.Duration ttl) {
        dispatcher.eventTtl = ttl;
        return this;
    }

    /** How many paged LISTs are unfinished (their snapshots kept for the next page). */
    int pagedListSnapshots() {
        return dispatcher.pages.snapshots();
    }

    /** From now on every request gets this HTTP status (e.g. 503 or 429), until {@link #answerNormally()}. */
    public void answerWith(int status) {
        dispatcher.fault = status;
    }

    public void answerNormally() {
        dispatcher.fault = 0;
        dispatcher.pathFault = null;
        dispatcher.nextFault = null;
        dispatcher.delay = null;
        dispatcher.hold = null;
    }

    /**
     * From now on requests whose path (with query) matches get this status (e.g. 403 for one resource, as the API
     * server answers when the console's ServiceAccount lacks a permission), until {@link #answerNormally()}.
     */
    public void answerWith(int status, Predicate<String> path) {
        dispatcher.pathFault = new PathFault(status, path);
    }

    record PathFault(int status, Predicate<String> path) {
    }

    /**
     * The next {@code count} requests with this method and a matching path get this status instead of being applied
     * (e.g. 409 Conflict, as the API server answers a write based on an old resourceVersion); later ones are served.
     */
    public void answerNext(int count, int status, String method, Predicate<String> path) {
        answerNext(count, status, method, path, "injected fault");
    }

    /**
     * {@link #answerNext(int, int, String, Predicate)} with the Status message the API server gives, e.g. an
     * admission webhook's "admission webhook \"x\" denied the request: ..." with a 403, or etcd's timeout with a 500.
     */
    public void answerNext(int count, int status, String method, Predicate<String> path, String message) {
        dispatcher.nextFault = new NextFault(new java.util.concurrent.atomic.AtomicInteger(count), status, method,
                path, message);
    }

    record NextFault(java.util.concurrent.atomic.AtomicInteger left, int status, String method,
            Predicate<String> path, String message) {

        boolean takes(RecordedRequest request) {
            return method.equalsIgnoreCase(request.getMethod()) && path.test(request.getPath())
                    && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }
    }

    /**
     * From now on answers to requests with this method and a matching path are held back for the given time (the
     * request itself is applied at once, as a slow API server would), until {@link #answerNormally()}.
     */
    public void delayAnswers(java.time.Duration delay, String method, Predicate<String> path) {
        dispatcher.delay = new Delay(delay, method, path);
    }

    record Delay(java.time.Duration delay, String method, Predicate<String> path) {
    }

    /**
     * From now on a request whose path (with query) matches holds the server's event loop for this long before it
     * is answered, as a slow dispatch does on a busy machine (the first deserialization of a kind took 14 s there),
     * until {@link #answerNormally()}.
     */
    public void holdEventLoop(java.time.Duration hold, Predicate<String> path) {
        dispatcher.hold = new Hold(hold, path);
    }

    record Hold(java.time.Duration hold, Predicate<String> path) {
    }

    /** Stops listening: connections are refused and watches break. The stored objects are kept. */
    public void stopAnswering() {
        destroy(server, web);
    }

    /** Listens again on the same port with the same objects. */
    public void resumeAnswering() {
        listen();
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        destroy(server, web);
    }

    /** The CRUD dispatcher plus discovery, a request log and faults. */
    static final class ConsoleDispatcher extends KubernetesCrudDispatcher {

        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        volatile boolean recording = true;
        volatile MockWebServer webServer;
        volatile int fault;
        volatile PathFault pathFault;
        volatile NextFault nextFault;
        volatile Delay delay;
        volatile Hold hold;
        final ListPages pages = new ListPages();
        volatile java.time.Duration eventTtl = java.time.Duration.ofHours(1);
        private Instant lastEventSweep;

        ConsoleDispatcher() {
            super(List.of(INFERENCE_SERVICE_CRD));
        }

        @Override
        public MockResponse dispatch(RecordedRequest received) {
            // The dispatcher consumes the body: keep a copy in the log so that tests can read what was sent.
            forgetQueued();
            byte[] body = received.getBody() == null ? new byte[0] : received.getBody().readByteArray();
            if (recording) {
                requests.add(copy(received, body));
            }
            RecordedRequest request = copy(received, body);
            Hold holding = hold;
            if (holding != null && holding.path().test(request.getPath())) {
                try {
                    Thread.sleep(holding.hold().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = fault;
            String message = "injected fault";
            PathFault onPath = pathFault;
            if (status == 0 && onPath != null && onPath.path().test(request.getPath())) {
                status = onPath.status();
            }
            NextFault next = nextFault;
            if (status == 0 && next != null && next.takes(request)) {
                status = next.status();
                message = next.message();
            }
            if (status != 0) {
                return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                        .setHeader("Retry-After", "1")
                        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
                                + status + ",\"message\":" + quoted(message) + "}");
            }
            String path = request.getPath();
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            String discovery = "GET".equals(request.getMethod()) ? Discovery.document(bare) : null;
            if (discovery != null) {
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                        .setBody(discovery);
            }
            MockResponse response = "GET".equals(request.getMethod())
                    ? pages.page(path, whole -> super.dispatch(new RecordedRequest(request.getHttpVersion(),
                            request.method(), whole, request.getHeaders(), new Buffer(body))))
                    : null;
            if (response == null) {
                response = super.dispatch(request);
            }
            if ("POST".equals(request.getMethod()) && bare.endsWith("/events")) {
                forgetOldEvents();
            }
            Delay slow = delay;
            if (slow != null && slow.method().equalsIgnoreCase(request.getMethod()) && slow.path().test(path)) {
                response.setBodyDelay(slow.delay());
            }
            return response;
        }

        /**
         * Deletes the Events created more than {@link #eventTtl} ago, as an API server does (its {@code --event-ttl},
         * one hour by default): without it every audit record's Event stayed for good, and a long sandbox session
         * grew, and slowed, with them (the CRUD dispatcher compares every stored object for every request). Checked
         * on a new Event, at most once per TTL or minute, whichever is shorter.
         */
        private void forgetOldEvents() {
            Instant now = Instant.now();
            java.time.Duration ttl = eventTtl;
            java.time.Duration every = ttl.compareTo(java.time.Duration.ofMinutes(1)) < 0 ? ttl
                    : java.time.Duration.ofMinutes(1);
            if (lastEventSweep != null && lastEventSweep.plus(every).isAfter(now)) {
                return;
            }
            lastEventSweep = now;
            List<String> expired = new ArrayList<>();
            for (String json : new ArrayList<>(getMap().values())) {
                if (!json.contains("\"kind\":\"Event\"")) {
                    continue;
                }
                var event = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(json,
                        io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
                String created = event.getMetadata().getCreationTimestamp();
                if ("Event".equals(event.getKind()) && created != null
                        && Instant.parse(created).plus(ttl).isBefore(now)) {
                    String group = event.getApiVersion().contains("/") ? "/apis/" + event.getApiVersion()
                            : "/api/" + event.getApiVersion();
                    expired.add(group + "/namespaces/" + event.getMetadata().getNamespace() + "/events/"
                            + event.getMetadata().getName());
                }
            }
            expired.forEach(this::handleDelete);
        }

        /** Empties the web server's own queue of received requests (see {@link #listen()}). */
        private void forgetQueued() {
            MockWebServer web = webServer;
            if (web == null) {
                return;
            }
            try {
                while (web.takeRequest(0, java.util.concurrent.TimeUnit.NANOSECONDS) != null) {
                    // dropped
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static RecordedRequest copy(RecordedRequest request, byte[] body) {
            return new RecordedRequest(request.getRequestLine(), request.getHeaders(), List.of(), body.length,
                    new Buffer(body), 0, null);
        }
    }

    /** A JSON string literal of the text. */
    static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
