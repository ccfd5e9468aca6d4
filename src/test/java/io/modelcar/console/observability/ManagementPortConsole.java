package io.modelcar.console.observability;

import io.modelcar.console.testsupport.MockClusterTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole console against the seeded in-memory API, as the Helm chart runs it: Actuator on a separate management
 * port (random here), where Prometheus scrapes without a user. The subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@ActiveProfiles("sandbox")
abstract class ManagementPortConsole extends MockClusterTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String management() {
        return "http://127.0.0.1:" + managementPort;
    }

    Scrape scrape() {
        return Scrape.of(management());
    }
}
