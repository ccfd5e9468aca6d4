package io.modelcar.console.storageinitializer;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.util.List;

import io.modelcar.console.kubernetes.ClusterHealthProperties;
import io.modelcar.console.security.WebSliceSecurity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The configuration history page, in a web slice: the service is a mock, the layout and security are real. */
@WebMvcTest(controllers = HistoryPageController.class)
@Import(WebSliceSecurity.class)
@EnableConfigurationProperties(ClusterHealthProperties.class)
class HistoryPageControllerTest {

    static final StorageInitializerView CURRENT = new StorageInitializerView("kserve", "inferenceservice-config",
            "storageInitializer", "42", "v0.20.0", true, null, "{}", null, List.of(), null, null, null);
    static final HistoryEntry CHANGE = new HistoryEntry("c-1", Instant.parse("2026-11-30T06:00:00Z"), "operator",
            "page", "42", "{}", "{\"enableModelcar\": true}", List.of());

    @Autowired
    WebApplicationContext context;

    @MockitoBean
    StorageInitializerService storage;

    MockMvc mvc;

    @BeforeEach
    void mockMvcWithSecurity() {
        given(storage.current()).willReturn(CURRENT);
        given(storage.history()).willReturn(List.of(CHANGE));
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void whenAViewerOpensTheHistoryThenEachChangeIsListedWithoutARestoreButton() throws Exception {
        mvc.perform(get("/history"))
                .andExpect(status().isOk())
                .andExpect(view().name("history"))
                .andExpect(content().string(containsString("data-id=\"c-1\"")))
                .andExpect(content().string(containsString("data-testid=\"restore-disabled\"")))
                .andExpect(content().string(not(containsString("data-testid=\"restore\""))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void whenTheHistoryHasPromotionsThenEachSaysWhereItsValueCameFromOrWentTo() throws Exception {
        HistoryEntry promotedIn = new HistoryEntry("in-1", Instant.parse("2026-11-30T07:00:00Z"), "operator",
                "promotion", "41", "{}", "{}", List.of(), "test@7", null);
        HistoryEntry promotedOut = new HistoryEntry("out-1", Instant.parse("2026-11-30T08:00:00Z"), "operator",
                "promotion", "42", "{}", "{}", List.of(), null, "production@90");
        given(storage.history()).willReturn(List.of(promotedOut, promotedIn));

        mvc.perform(get("/history"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("from test@7")))
                .andExpect(content().string(containsString("this value to production@90")))
                // the entry that promoted version 42 elsewhere is not a change here: it is not marked current
                .andExpect(content().string(not(containsString("class=\"badge badge-info\">current"))));
    }

    @Test
    @WithMockUser(username = "operator", roles = "OPERATOR")
    void whenAnOperatorRestoresThenThePageSaysWhichVersionIsNowStored() throws Exception {
        given(storage.restore("c-1", "42", "operator", false)).willReturn(new StorageInitializerView("kserve",
                "inferenceservice-config", "storageInitializer", "43", "v0.20.0", true, null, "{}", null, List.of(),
                null, null, null));

        mvc.perform(post("/history/c-1/restore").param("resourceVersion", "42").with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/history"))
                .andExpect(flash().attribute("message",
                        "Restored the version of change c-1 (now resourceVersion 43)."));
    }

    @Test
    @WithMockUser(username = "operator", roles = "OPERATOR")
    void whenTheVersionIsStaleThenTheRefusalIsShownAndNothingElseHappens() throws Exception {
        given(storage.restore(eq("c-1"), eq("41"), eq("operator"), anyBoolean()))
                .willThrow(new StaleResourceVersion("41", "42"));

        mvc.perform(post("/history/c-1/restore").param("resourceVersion", "41").with(csrf()))
                .andExpect(redirectedUrl("/history"))
                .andExpect(flash().attribute("error", containsString("42")));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void whenAViewerTriesToRestoreThenForbiddenAndTheServiceIsNotAsked() throws Exception {
        mvc.perform(post("/history/c-1/restore").param("resourceVersion", "42").with(csrf()))
                .andExpect(status().isForbidden());

        verify(storage, never()).restore(any(), any(), any(), anyBoolean());
    }
}
