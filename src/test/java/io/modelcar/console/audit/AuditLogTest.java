package io.modelcar.console.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.Event;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuditLogTest {

    final MockKubernetesApi api = MockKubernetesApi.start();
    final AuditLog audit = new AuditLog(api.client(), new AuditProperties(true));
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger("audit");

    static final AuditEvent EVENT = new AuditEvent("alice", "storage-initializer.replace",
            new AuditEvent.Target("ConfigMap", "kserve", "inferenceservice-config", "storageInitializer"), "7", "8",
            AuditEvent.Outcome.SUCCESS, "changed keys [enableModelcar]");

    @BeforeEach
    void captureAuditLines() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void close() {
        logger.detachAppender(lines);
        api.close();
    }

    @Test
    void whenRecordedThenOneJsonLineWithEveryFieldAndAnEventOnTheObject() {
        audit.record(EVENT);

        assertThat(lines.list).hasSize(1);
        JsonNode line = JsonMapper.builder().build().readTree(lines.list.get(0).getFormattedMessage());
        assertThat(line.get("actor").stringValue()).isEqualTo("alice");
        assertThat(line.get("action").stringValue()).isEqualTo("storage-initializer.replace");
        assertThat(line.get("target").stringValue()).contains("kserve/inferenceservice-config");
        assertThat(line.get("resourceVersionBefore").stringValue()).isEqualTo("7");
        assertThat(line.get("resourceVersionAfter").stringValue()).isEqualTo("8");
        assertThat(line.get("outcome").stringValue()).isEqualTo("success");
        assertThat(line.get("detail").stringValue()).contains("enableModelcar");
        List<Event> events = api.client().v1().events().inNamespace("kserve").list().getItems();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("inferenceservice-config");
            assertThat(e.getType()).isEqualTo("Normal");
        });
    }

    @Test
    void whenEventCannotBeCreatedThenTheAuditLineIsStillWrittenAndNothingThrows() {
        api.answerWith(403);

        assertThatCode(() -> audit.record(EVENT)).doesNotThrowAnyException();

        assertThat(lines.list).hasSize(1);
    }

    @Test
    void whenRefusedThenWarningEvent() {
        audit.record(new AuditEvent("bob", "storage-initializer.patch", EVENT.target(), "7", null,
                AuditEvent.Outcome.REFUSED, "stale resourceVersion"));
        api.answerNormally();
        assertThat(api.client().v1().events().inNamespace("kserve").list().getItems())
                .extracting(Event::getType).containsExactly("Warning");
        assertThat(lines.list.get(0).getFormattedMessage()).contains("\"resourceVersionAfter\":null")
                .contains("\"outcome\":\"refused\"");
    }
}
