package io.modelcar.console.clusters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * With remote clusters, the OpenAPI document lists every per-cluster operation a second time under
 * {@code /api/v1/clusters/{cluster}/...}, as {@link ClusterRequests} serves it: the same operation with a
 * {@code cluster} path parameter (one of the configured names), its own operationId ({@code <id>OnCluster}) and a
 * 404 for an unknown cluster. The console's own operations (the image builder, the fleet, the cluster list) are not
 * repeated. Without remote clusters the document is unchanged.
 */
final class ClusterOpenApi implements OpenApiCustomizer {

    static final String SUFFIX = "OnCluster";

    private final ClusterContexts clusters;
    private final Supplier<RequestMappingHandlerMapping> mappings;

    /** {@code mappings}: the root's request mappings, looked up when the document is built. */
    ClusterOpenApi(ClusterContexts clusters, Supplier<RequestMappingHandlerMapping> mappings) {
        this.clusters = clusters;
        this.mappings = mappings;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null || clusters.names().size() < 2) {
            return;
        }
        Set<String> perCluster = perClusterPaths();
        Map<String, PathItem> copies = new LinkedHashMap<>();
        openApi.getPaths().forEach((path, item) -> {
            if (perCluster.contains(path)) {
                copies.put(ClusterRequests.API_PREFIX + "{cluster}" + path.substring("/api/v1".length()),
                        onCluster(item));
            }
        });
        Paths paths = openApi.getPaths();
        copies.forEach(paths::addPathItem);
    }

    /** The API path templates served by a per-cluster module's controllers. */
    private Set<String> perClusterPaths() {
        Set<String> paths = new TreeSet<>();
        mappings.get().getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod method) -> {
            if (ClusterHandlerMapping.perCluster(method.getBeanType())) {
                info.getPatternValues().stream().filter(p -> p.startsWith("/api/v1/")).forEach(paths::add);
            }
        });
        return paths;
    }

    private PathItem onCluster(PathItem item) {
        PathItem copy = new PathItem().summary(item.getSummary()).description(item.getDescription());
        List<Parameter> shared = item.getParameters() == null ? new ArrayList<>() : new ArrayList<>(
                item.getParameters());
        shared.add(0, clusterParameter());
        copy.setParameters(shared);
        item.readOperationsMap().forEach((method, operation) -> copy.operation(method, onCluster(operation)));
        return copy;
    }

    private static Operation onCluster(Operation operation) {
        Operation copy = new Operation().tags(operation.getTags()).summary(operation.getSummary())
                .description((operation.getDescription() == null ? "" : operation.getDescription() + " ")
                        + "On the named cluster (the unprefixed path is the default cluster's).")
                .operationId(operation.getOperationId() == null ? null : operation.getOperationId() + SUFFIX)
                .parameters(operation.getParameters() == null ? null : new ArrayList<>(operation.getParameters()))
                .requestBody(operation.getRequestBody()).security(operation.getSecurity())
                .deprecated(operation.getDeprecated());
        ApiResponses responses = new ApiResponses();
        if (operation.getResponses() != null) {
            responses.putAll(operation.getResponses());
        }
        if (!responses.containsKey("404")) {
            responses.addApiResponse("404", new ApiResponse().description("No cluster by that name, or nothing by "
                    + "that name or id on it").content(new Content().addMediaType("application/problem+json",
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
        }
        copy.setResponses(responses);
        copy.setExtensions(operation.getExtensions());
        return copy;
    }

    private Parameter clusterParameter() {
        StringSchema names = new StringSchema();
        clusters.names().forEach(names::addEnumItem);
        return new Parameter().in("path").name("cluster").required(true).schema(names)
                .description("The cluster's name (GET /api/v1/clusters); an unknown name answers 404 "
                        + "urn:modelcar-console:problem:cluster-not-found");
    }
}
