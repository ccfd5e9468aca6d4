package io.modelcar.console.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} is a product: client generators, linters (Spectral's
 * {@code spectral:oas}) and fuzzers (Schemathesis) start from it. It names the console and its version, declares the
 * two ways to authenticate (HTTP Basic, OIDC bearer tokens), and states what every operation can answer besides its
 * success: a Problem Details body (RFC 9457) on every error, and the 400, 401 and 403 that any request may meet.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String TITLE = "Modelcar Console API";
    static final String BASIC = "basic";
    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    /** Answers any operation may give, with what they mean. */
    private static final Map<String, String> COMMON_ERRORS = Map.of(
            "400", "Malformed request (a parameter, header or body the console cannot read)",
            "401", "Credentials missing or wrong (HTTP Basic or a bearer token)",
            "403", "The caller's role does not allow this operation",
            "429", "Too many failed sign-ins for this user or from this client (HTTP Basic): try again after "
                    + "Retry-After seconds (type urn:modelcar-console:problem:login-throttled)");

    @Bean
    OpenAPI consoleOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties != null && properties.getVersion() != null ? properties.getVersion() : "dev";
        return new OpenAPI()
                .info(new Info().title(TITLE).version(version)
                        .description("REST API of Modelcar Console: KServe's storageInitializer configuration, the "
                                + "InferenceService inventory with its modelcar (oci://) status, KServe controller "
                                + "restarts, feature toggles and modelcar image builds. Errors are Problem Details "
                                + "(application/problem+json) with a stable type URI.")
                        .contact(new Contact().name("Modelcar Console maintainers"))
                        .license(new License().name("Apache-2.0")
                                .url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("basic").description("A local user of the console (console.security.users)"))
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("An access token of the configured OIDC provider")))
                .security(List.of(new SecurityRequirement().addList(BASIC), new SecurityRequirement().addList(BEARER)));
    }

    /** RFC 9457 Problem Details; problem types may add members (field errors, the current version, ...). */
    private static Schema<?> problemSchema() {
        Schema<?> problem = new ObjectSchema()
                .description("Problem Details (RFC 9457); the type URI is stable, scripts match on it")
                .addProperty("type", new StringSchema().format("uri").description("Stable problem type"))
                .addProperty("title", new StringSchema().description("Short summary of the problem type"))
                .addProperty("status", new IntegerSchema().description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("What happened in this occurrence"))
                .addProperty("instance", new StringSchema().description("The request path"));
        problem.setAdditionalProperties(true);
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }

    @Bean
    OpenApiCustomizer problemDetailsOnEveryError() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            Set<String> usedTags = new TreeSet<>();
            openApi.getPaths().forEach((url, path) -> path.readOperations().forEach(operation -> {
                complete(operation);
                nullMeansNoBody(operation);
                if (operation.getRequestBody() != null && !operation.getResponses().containsKey("415")) {
                    operation.getResponses().addApiResponse("415", new ApiResponse()
                            .description("The body's Content-Type is not one this operation reads")
                            .content(problemContent()));
                }
                if (url.contains("{") && !operation.getResponses().containsKey("404")) {
                    operation.getResponses().addApiResponse("404", new ApiResponse()
                            .description("Nothing by that name or id").content(problemContent()));
                }
                if (operation.getTags() != null) {
                    usedTags.addAll(operation.getTags());
                }
            }));
            defineTags(openApi, usedTags);
            dropUnusedSchemas(openApi);
            allowNulls(openApi.getComponents().getSchemas());
            if (openApi.getComponents().getSchemas() != null
                    && openApi.getComponents().getSchemas().containsKey("JsonNode")) {
                // a configuration value: any JSON (object, string, number, boolean, array, null)
                openApi.getComponents().getSchemas().put("JsonNode", new JsonSchema().description("Any JSON value"));
            }
        };
    }

    /** Schemas springdoc met on the way (return types of hidden handlers, ...) that no operation refers to. */
    private static void dropUnusedSchemas(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Set<String> used = new TreeSet<>();
        // swagger-core's own (Jackson 2) mapper writes its models as they appear in the document
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.add(Json.mapper().valueToTree(openApi.getPaths()));
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject() && node.path("$ref").isTextual()) {
                String name = node.path("$ref").asText().replace("#/components/schemas/", "");
                if (used.add(name) && schemas.containsKey(name)) {
                    pending.add(Json.mapper().valueToTree(schemas.get(name)));
                }
            }
            node.forEach(pending::add);
        }
        schemas.keySet().removeIf(name -> !used.contains(name));
    }

    private static void complete(Operation operation) {
        if (operation.getDescription() == null || operation.getDescription().isBlank()) {
            operation.setDescription(operation.getSummary());
        }
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getSchema() == null && parameter.getContent() == null) {
                    parameter.setSchema(new StringSchema());
                }
            }
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        COMMON_ERRORS.forEach((status, description) -> {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(status, new ApiResponse().description(description));
            }
        });
        ApiResponse throttled = responses.get("429");
        if (throttled.getHeaders() == null || !throttled.getHeaders().containsKey("Retry-After")) {
            throttled.addHeaderObject("Retry-After", new Header().description("Seconds until a sign-in is "
                    + "accepted again").schema(new IntegerSchema()));
        }
        responses.forEach((status, response) -> {
            if (isError(status)) {
                response.setContent(problemContent());
            }
            if (response.getHeaders() != null) {
                for (Header header : response.getHeaders().values()) {
                    if (header.getSchema() == null && header.getContent() == null) {
                        header.setSchema(new StringSchema());
                    }
                }
            }
        });
    }

    /**
     * An optional JSON body ({@code @RequestBody(required = false)}: the restart's options, the kill switch's
     * confirmation) may also be JSON {@code null}, which reads as no body: the schema says so (found by ApiFuzzTest,
     * which sent {@code null} as a body the schema forbade and saw it accepted).
     */
    private static void nullMeansNoBody(Operation operation) {
        if (operation.getRequestBody() == null || Boolean.TRUE.equals(operation.getRequestBody().getRequired())
                || operation.getRequestBody().getContent() == null) {
            return;
        }
        MediaType json = operation.getRequestBody().getContent().get(org.springframework.http.MediaType
                .APPLICATION_JSON_VALUE);
        if (json == null || json.getSchema() == null || json.getSchema().getAnyOf() != null) {
            return;
        }
        json.setSchema(new JsonSchema().anyOf(List.of(json.getSchema(),
                new JsonSchema().types(new LinkedHashSet<>(List.of("null"))))));
        if (operation.getRequestBody().getDescription() == null) {
            operation.getRequestBody().setDescription("Optional: no body, or JSON null, means the defaults");
        }
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    /**
     * The console's records are written with their nulls ({@code "digest": null}): a member the schema does not list
     * as required may be null, and the schema says so (JSON Schema's {@code "null"} type, OpenAPI 3.1).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void allowNulls(Map<String, Schema> schemas) {
        if (schemas == null) {
            return;
        }
        for (Map.Entry<String, Schema> entry : schemas.entrySet()) {
            Schema<?> schema = entry.getValue();
            if (schema.getProperties() == null || PROBLEM.equals(entry.getKey())) {
                continue;
            }
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            Map<String, Schema> properties = (Map) schema.getProperties();
            properties.replaceAll((name, property) -> required.contains(name) ? property : nullable(property));
        }
    }

    private static Schema<?> nullable(Schema<?> property) {
        if (property.get$ref() != null) {
            return new JsonSchema().anyOf(List.of(new JsonSchema().$ref(property.get$ref()),
                    new JsonSchema().types(new LinkedHashSet<>(List.of("null")))));
        }
        Set<String> types = new LinkedHashSet<>();
        if (property.getTypes() != null) {
            types.addAll(property.getTypes());
        } else if (property.getType() != null) {
            types.add(property.getType());
        }
        if (!types.isEmpty()) {
            types.add("null");
            property.setTypes(types);
        }
        return property;
    }

    private static boolean isError(String status) {
        return "default".equals(status) || status.startsWith("4") || status.startsWith("5");
    }

    /** Every tag an operation uses is defined once at the top, in name order, keeping descriptions it has. */
    private static void defineTags(OpenAPI openApi, Set<String> usedTags) {
        Map<String, Tag> defined = new LinkedHashMap<>();
        if (openApi.getTags() != null) {
            openApi.getTags().forEach(tag -> defined.put(tag.getName(), tag));
        }
        for (String name : usedTags) {
            defined.computeIfAbsent(name, n -> new Tag().name(n));
        }
        defined.values().forEach(tag -> {
            if (tag.getDescription() == null) {
                tag.setDescription(name(tag.getName()));
            }
        });
        openApi.setTags(defined.values().stream().sorted(java.util.Comparator.comparing(Tag::getName)).toList());
    }

    private static String name(String tag) {
        return tag + " operations";
    }
}
