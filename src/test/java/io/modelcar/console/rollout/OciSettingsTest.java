package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OciSettingsTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void resolvesTheModeAsKServeDoes() {
        assertThat(OciSettings.from("{\"enableModelcar\": true}", json)).isEqualTo(new OciSettings(true, "modelcar"));
        assertThat(OciSettings.from("{\"enableOciModelSupport\": true, \"ociModelMode\": \"native\"}", json))
                .isEqualTo(new OciSettings(true, "native"));
        assertThat(OciSettings.from("{\"enableModelcar\": false}", json)).isEqualTo(new OciSettings(false, null));
        assertThat(OciSettings.from("{broken", json)).isEqualTo(new OciSettings(false, null));
        assertThat(OciSettings.from(null, json)).isEqualTo(new OciSettings(false, null));
    }
}
