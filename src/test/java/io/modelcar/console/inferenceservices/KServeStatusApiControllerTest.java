package io.modelcar.console.inferenceservices;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.modelcar.console.environment.EnvironmentClass;
import io.modelcar.console.environment.EnvironmentService;
import io.modelcar.console.kubernetes.ClusterHealthProperties;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.security.WebSliceSecurity;
import io.modelcar.console.testsupport.PageAdvice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@code GET /api/v1/kserve} in a web slice, and the Problems the API's security answers before any controller
 * (api.md: their types, statuses and fields are a contract).
 */
@WebMvcTest(controllers = KServeStatusApiController.class, excludeFilters = @ComponentScan.Filter(
        type = FilterType.CUSTOM, classes = PageAdvice.class))
@Import(WebSliceSecurity.class)
@EnableConfigurationProperties(ClusterHealthProperties.class)
class KServeStatusApiControllerTest {

    static final String URL = "/api/v1/kserve";

    @Autowired
    WebApplicationContext context;

    @MockitoBean
    KServeDiscovery discovery;

    @MockitoBean
    InferenceServiceInventory inventory;

    @MockitoBean
    EnvironmentService environment;

    MockMvc mvc;

    @BeforeEach
    void aKServeWithAHealthyController() {
        given(discovery.installation()).willReturn(new KServeInstallation("kserve", "inferenceservice-config",
                "kserve-controller-manager", "kserve/kserve-controller:v0.20.0", KServeVersion.V0_20));
        given(inventory.ociConfig()).willReturn(new OciConfig(true, true, false, null, "modelcar", null,
                KServeVersion.V0_20));
        given(inventory.controller()).willReturn(new ControllerStatus("kserve-controller-manager", 1, 1, false));
        given(environment.current()).willReturn(EnvironmentClass.TEST);
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void whenAViewerAsksThenTheInstallationModeAndControllerAreShown() throws Exception {
        mvc.perform(get(URL))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.namespace").value("kserve"))
                .andExpect(jsonPath("$.version").value("v0.20.0"))
                .andExpect(jsonPath("$.environment").value("test"))
                .andExpect(jsonPath("$.modelcarEnabled").value(true))
                .andExpect(jsonPath("$.ociModelMode").value("modelcar"))
                .andExpect(jsonPath("$.controller.deployment").value("kserve-controller-manager"))
                .andExpect(jsonPath("$.controller.replicas").value(1))
                .andExpect(jsonPath("$.controller.readyReplicas").value(1))
                .andExpect(jsonPath("$.controller.paused").value(false));
    }

    @Test
    void whenNobodySignedInThenUnauthorizedProblemWithABasicChallenge() throws Exception {
        mvc.perform(get(URL))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Basic realm=\"modelcar-console\""))
                .andExpect(content().contentType("application/problem+json;charset=UTF-8"))
                .andExpect(jsonPath("$.type").value("urn:modelcar-console:problem:unauthorized"))
                .andExpect(jsonPath("$.title").value("Unauthorized"))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.detail").value("Authentication is required: use HTTP Basic or a bearer token."))
                .andExpect(jsonPath("$.instance").value(URL));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void whenAViewerWritesThenForbiddenProblem() throws Exception {
        mvc.perform(post(URL))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType("application/problem+json;charset=UTF-8"))
                .andExpect(jsonPath("$.type").value("urn:modelcar-console:problem:forbidden"))
                .andExpect(jsonPath("$.title").value("Forbidden"))
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.detail").value("Your role does not allow this request."))
                .andExpect(jsonPath("$.instance").value(URL));
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void whenABrowserWritesFromAnotherSiteThenCrossSiteProblem() throws Exception {
        mvc.perform(post(URL).header("Sec-Fetch-Site", "cross-site"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:modelcar-console:problem:cross-site-request"))
                .andExpect(jsonPath("$.title").value("Cross-site request"))
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.detail")
                        .value("The API does not accept writes sent by a browser from another site."));
    }
}
