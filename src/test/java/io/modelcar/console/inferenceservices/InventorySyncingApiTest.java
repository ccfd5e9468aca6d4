package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.modelcar.console.security.WebSliceSecurity;
import io.modelcar.console.testsupport.PageAdvice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.bean.override.mockito.MockReset;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * While the inventory's first full list is still arriving the API says so instead of answering as if the partial
 * inventory were complete: the list has {@code synced: false}, an InferenceService not received yet is 503
 * {@code inventory-syncing} (not 404: its absence is not known), and the event stream sends no change per
 * InferenceService of the initial sync, one {@code synced} event instead, then changes one by one.
 */
@WebMvcTest(controllers = InferenceServiceApiController.class, excludeFilters = @ComponentScan.Filter(
        type = FilterType.CUSTOM, classes = PageAdvice.class))
@Import({WebSliceSecurity.class, InventoryEventStream.class})
@EnableConfigurationProperties(InventoryProperties.class)
class InventorySyncingApiTest {

    static final String URL = "/api/v1/inferenceservices";

    @Autowired
    WebApplicationContext context;

    /** Not reset between tests: the event stream subscribed to it once, when the context started. */
    @MockitoBean(reset = MockReset.NONE)
    InferenceServiceInventory inventory;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    void syncing(boolean syncing) {
        given(inventory.state()).willReturn(new InventoryState(!syncing, false, syncing ? null : Instant.now(), null));
        given(inventory.inventorySynced()).willReturn(!syncing);
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void whileSyncingAnInferenceServiceNotReceivedYetIs503WithRetryAfterAndAfterwards404() throws Exception {
        syncing(true);
        given(inventory.query(any())).willReturn(new InventoryPage(List.of(), List.of(), null, 0, 7));

        mvc.perform(get(URL + "/team/bert"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("urn:modelcar-console:problem:inventory-syncing"));
        mvc.perform(get(URL))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.synced").value(false))
                .andExpect(jsonPath("$.total").value(0));

        syncing(false);
        mvc.perform(get(URL + "/team/bert"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:modelcar-console:problem:inferenceservice-not-found"));
        mvc.perform(get(URL)).andExpect(jsonPath("$.synced").value(true));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void theStreamSendsOneSyncedEventForTheInitialSyncThenEachChange() throws Exception {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Consumer<Inventory.Change>> listener = ArgumentCaptor.forClass(Consumer.class);
        verify(inventory).onChange(listener.capture());
        syncing(true);
        given(inventory.revision()).willReturn(2L);
        Inventory fed = new Inventory();
        TextSearchTest.put(fed, "team", "early", "oci://quay.io/acme/early:1");
        TextSearchTest.put(fed, "team", "late", "oci://quay.io/acme/late:1");
        given(inventory.get("team", "early")).willReturn(fed.get("team", "early"));
        given(inventory.get("team", "late")).willReturn(fed.get("team", "late"));

        MockHttpServletResponse stream = mvc.perform(get(URL + "/stream"))
                .andExpect(request().asyncStarted()).andReturn().getResponse();
        String connected = await(stream, "event:state");
        assertThat(connected).contains("\"synced\":false");

        listener.getValue().accept(new Inventory.Change("ADDED", "team", "early", 1));
        listener.getValue().accept(new Inventory.Change("MODIFIED", "team", "early", 2));
        syncing(false);
        listener.getValue().accept(new Inventory.Change(Inventory.SYNCED, null, null, 2));
        listener.getValue().accept(new Inventory.Change("ADDED", "team", "late", 3));

        String text = await(stream, "\"name\":\"late\"");
        String synced = text.substring(text.indexOf("event:synced"));
        synced = synced.substring(0, synced.indexOf("\n\n"));
        assertThat(synced).contains("-2\n").contains("\"revision\":2");
        assertThat(text.indexOf("event:synced")).isLessThan(text.indexOf("event:change"));
        assertThat(text).as("no change event of the initial sync").doesNotContain("\"name\":\"early\"");
        assertThat(text.split("event:change", -1)).hasSize(2);
    }

    static String await(MockHttpServletResponse response, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String text = response.getContentAsString();
        while (!text.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            text = response.getContentAsString();
        }
        assertThat(text).contains(expected);
        return text;
    }
}
