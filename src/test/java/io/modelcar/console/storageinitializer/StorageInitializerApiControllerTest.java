package io.modelcar.console.storageinitializer;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import io.modelcar.console.security.WebSliceSecurity;
import io.modelcar.console.testsupport.PageAdvice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = StorageInitializerApiController.class, excludeFilters = @ComponentScan.Filter(
        type = FilterType.CUSTOM, classes = PageAdvice.class))
@Import(WebSliceSecurity.class)
@EnableConfigurationProperties({StorageInitializerProperties.class,
        io.modelcar.console.kubernetes.ClusterHealthProperties.class})
class StorageInitializerApiControllerTest {

    static final String URL = "/api/v1/storage-initializer";
    static final String VALID = "{\"image\": \"x\", \"memoryRequest\": \"100Mi\", \"memoryLimit\": \"1Gi\", "
            + "\"cpuRequest\": \"100m\", \"cpuLimit\": \"1\"}";

    @Autowired
    org.springframework.web.context.WebApplicationContext context;

    MockMvc mvc;

    @org.junit.jupiter.api.BeforeEach
    void mockMvcWithSecurity() {
        given(inventory.state()).willReturn(
                new io.modelcar.console.inferenceservices.InventoryState(true, false, null, null));
        mvc = org.springframework.test.web.servlet.setup.MockMvcBuilders.webAppContextSetup(context)
                .apply(org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity())
                .build();
    }

    @MockitoBean
    StorageInitializerService service;

    // what the page-wide @ControllerAdvice beans (layout, environment banner) need; a slice does not load them
    @MockitoBean
    io.modelcar.console.environment.EnvironmentService environments;

    @MockitoBean
    io.modelcar.console.kubernetes.ClusterState clusterState;

    @MockitoBean
    io.modelcar.console.inferenceservices.InferenceServiceInventory inventory;

    static StorageInitializerView view(String version) {
        return new StorageInitializerView("kserve", "inferenceservice-config", "storageInitializer", version,
                "v0.20.0", true, ConfigJson.parse(VALID).value(), VALID, null, List.of(), null, null, null);
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void whenViewerReadsThenBodyAndETag() throws Exception {
        given(service.current()).willReturn(view("42"));
        mvc.perform(get(URL)).andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"42\""))
                .andExpect(jsonPath("$.resourceVersion").value("42"))
                .andExpect(jsonPath("$.config.memoryLimit").value("1Gi"))
                .andExpect(jsonPath("$.raw").value(VALID))
                .andExpect(jsonPath("$.parseError").isEmpty())
                .andExpect(jsonPath("$.managedBy").isEmpty())
                .andExpect(jsonPath("$.problems").isArray())
                .andExpect(jsonPath("$.dryRun").doesNotExist());
    }

    @Test
    void whenUnauthenticatedThen401WithChallengeNotRedirect() throws Exception {
        mvc.perform(get(URL)).andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("Basic")))
                .andExpect(jsonPath("$.type").value("urn:modelcar-console:problem:unauthorized"));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void whenViewerWritesThenForbidden() throws Exception {
        mvc.perform(put(URL).header("If-Match", "\"42\"").contentType(MediaType.APPLICATION_JSON).content(VALID))
                .andExpect(status().isForbidden());
        mvc.perform(patch(URL).contentType("application/merge-patch+json").content("{}"))
                .andExpect(status().isForbidden());
        verify(service, never()).apply(any());
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenIfMatchMissingThenPreconditionRequired() throws Exception {
        mvc.perform(put(URL).contentType(MediaType.APPLICATION_JSON).content(VALID))
                .andExpect(status().isPreconditionRequired())
                .andExpect(jsonPath("$.type").value("urn:modelcar-console:problem:precondition-required"));
        verify(service, never()).apply(any());
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenIfMatchStaleThenPreconditionFailedWithCurrentVersion() throws Exception {
        given(service.apply(any())).willThrow(new StaleResourceVersion("41", "42"));
        mvc.perform(put(URL).header("If-Match", "\"41\"").contentType(MediaType.APPLICATION_JSON).content(VALID))
                .andExpect(status().isPreconditionFailed())
                .andExpect(header().string("ETag", "\"42\""))
                .andExpect(jsonPath("$.currentResourceVersion").value("42"))
                .andExpect(jsonPath("$.type").value("urn:modelcar-console:problem:stale-resource-version"));
    }

    @Test
    @WithMockUser(username = "alice", roles = "OPERATOR")
    void whenValidPutThenServiceGetsVersionActorAndBodyAndAnswersNewETag() throws Exception {
        given(service.apply(any())).willReturn(view("43"));
        mvc.perform(put(URL).header("If-Match", "W/\"42\"").contentType("application/json; charset=utf-8")
                .content(VALID)).andExpect(status().isOk()).andExpect(header().string("ETag", "\"43\""));
        verify(service).apply(argThat(r -> r.expectedResourceVersion().equals("42") && r.actor().equals("alice")
                && r.source().equals("api") && !r.dryRun()
                && r.change() instanceof ChangeRequest.Replace replace
                && replace.config().get("memoryLimit").stringValue().equals("1Gi")));
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenInvalidThenUnprocessableWithFieldErrors() throws Exception {
        given(service.apply(any())).willThrow(new InvalidStorageInitializerConfig(
                List.of(FieldProblem.error("enableModelcar", "Must be a JSON boolean"))));
        mvc.perform(put(URL).header("If-Match", "\"42\"").contentType(MediaType.APPLICATION_JSON).content(VALID))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("enableModelcar"))
                .andExpect(jsonPath("$.errors[0].message").value("Must be a JSON boolean"));
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenMalformedJsonThenBadRequestWithPosition() throws Exception {
        mvc.perform(put(URL).header("If-Match", "\"42\"").contentType(MediaType.APPLICATION_JSON)
                .content("{\n  \"enableModelcar\": tru\n}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:modelcar-console:problem:malformed-json"))
                .andExpect(jsonPath("$.parseError.line").value(2));
        verify(service, never()).apply(any());
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenWrongContentTypeThenUnsupportedMediaType() throws Exception {
        mvc.perform(put(URL).header("If-Match", "\"42\"").contentType(MediaType.TEXT_PLAIN).content(VALID))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(patch(URL).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnsupportedMediaType());
        verify(service, never()).apply(any());
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenBodyOver64KiBThenPayloadTooLarge() throws Exception {
        String big = "{\"pad\": \"" + "x".repeat(1024 * 1024) + "\"}";
        mvc.perform(put(URL).header("If-Match", "\"42\"").contentType(MediaType.APPLICATION_JSON).content(big))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.type").value("urn:modelcar-console:problem:payload-too-large"));
        verify(service, never()).apply(any());
    }

    /**
     * Found by ApiFuzzTest: the body is the storageInitializer object (the OpenAPI schema says {@code object}); a
     * JSON {@code null}, array, string or number is refused as such, before the version is compared (a stale
     * If-Match used to answer 412 for it, and a current one let {@code null} through to the validator).
     */
    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenTheBodyIsNotAJsonObjectThenUnprocessableBeforeTheVersionIsCompared() throws Exception {
        given(service.apply(any())).willThrow(new StaleResourceVersion("41", "42"));
        for (String body : List.of("null", "[]", "\"storage\"", "42", "true")) {
            mvc.perform(put(URL).header("If-Match", "\"41\"").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.errors[0].field").value(""))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("JSON object")));
            mvc.perform(patch(URL).header("If-Match", "\"41\"").contentType("application/merge-patch+json")
                    .content(body))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.errors[0].field").value(""));
        }
        verify(service, never()).apply(any());
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenPatchWithoutIfMatchThenAppliedToCurrentAsDryRunWhenAsked() throws Exception {
        given(service.apply(any())).willReturn(view("42").asDryRun(List.of()));
        mvc.perform(patch(URL + "?dryRun=true").contentType("application/merge-patch+json")
                .content("{\"enableModelcar\": false}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.dryRun").value(true))
                .andExpect(jsonPath("$.diff").isArray());
        verify(service).apply(argThat(r -> r.expectedResourceVersion() == null && r.dryRun()
                && r.change() instanceof ChangeRequest.MergePatch));
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenRestoreWithoutIfMatchThenPreconditionRequired() throws Exception {
        mvc.perform(post(URL + "/history/abc/restore")).andExpect(status().isPreconditionRequired());
        verify(service, never()).restore(any(), any(), any(), org.mockito.ArgumentMatchers.anyBoolean());
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenRestoreThenServiceGetsIdAndVersion() throws Exception {
        given(service.restore("abc", "42", "user", false)).willReturn(view("43"));
        mvc.perform(post(URL + "/history/abc/restore").header("If-Match", "\"42\""))
                .andExpect(status().isOk()).andExpect(header().string("ETag", "\"43\""));
    }
}
