package io.modelcar.console.kubernetes;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * Sees every request of the console's client (including informers' lists and watches and every retry) and records
 * in {@link ClusterState} whether the API server answered. Only status codes and exception types are recorded,
 * never bodies or URLs with tokens.
 */
final class ClusterStateInterceptor implements Interceptor {

    static final String NAME = "cluster-state";

    private final ClusterState state;

    ClusterStateInterceptor(ClusterState state) {
        this.state = state;
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        record(response.code());
    }

    @Override
    public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
        record(response.code());
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        state.failure(describe(failure));
    }

    private void record(int code) {
        if (code == 429 || code >= 500) {
            state.failure("the API server answered HTTP " + code);
        } else {
            state.contact();
        }
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "no answer from the API server (" + root.getClass().getSimpleName() + ")";
    }
}
