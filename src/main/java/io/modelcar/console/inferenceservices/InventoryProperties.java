package io.modelcar.console.inferenceservices;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the InferenceService inventory watches.
 *
 * @param namespaces    namespaces to watch; empty for all namespaces (needs cluster-wide list/watch)
 * @param checkInterval how often the watch health is checked (staleness, KServe namespace discovery retries)
 * @param pageSize      default page size of the list
 * @param maxPageSize   largest page size a client may ask for
 * @param listTimeout   how long one page of the informers' LIST may take: a page of 500 InferenceServices from a busy
 *                      API server can take longer than {@code console.kubernetes.request-timeout}, and a LIST that
 *                      times out starts again from its first page (measured: three restarts at 50,000, run F)
 */
@ConfigurationProperties("console.inventory")
public record InventoryProperties(
        @DefaultValue List<String> namespaces,
        @DefaultValue("500ms") Duration checkInterval,
        @DefaultValue("50") int pageSize,
        @DefaultValue("500") int maxPageSize,
        @DefaultValue("60s") Duration listTimeout) {
}
