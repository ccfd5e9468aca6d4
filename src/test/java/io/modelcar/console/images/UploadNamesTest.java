package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class UploadNamesTest {

    @Test
    void whenAFolderUploadSendsRelativePathsThenTheyAreKept() {
        assertThat(UploadNames.relativePath("tokenizer/vocab.txt")).isEqualTo(Path.of("tokenizer/vocab.txt"));
        assertThat(UploadNames.relativePath("C:\\models\\m.bin")).isEqualTo(Path.of("C:/models/m.bin"));
        assertThat(UploadNames.relativePath("/abs/./m.bin")).isEqualTo(Path.of("abs/m.bin"));
    }

    @Test
    void whenANameClimbsOutOrIsEmptyThenRefused() {
        assertThatThrownBy(() -> UploadNames.relativePath("../../etc/cron.d/x"))
                .isInstanceOf(ModelFiles.InvalidModelException.class);
        assertThatThrownBy(() -> UploadNames.relativePath("/")).isInstanceOf(ModelFiles.InvalidModelException.class);
        assertThatThrownBy(() -> UploadNames.relativePath(null)).isInstanceOf(ModelFiles.InvalidModelException.class);
    }

    @Test
    void whenDockerConfigKeysNameDockerHubThenTheyMatchDockerIo() {
        assertThat(PullSecrets.hostOf("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(PullSecrets.hostOf("http://127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
        assertThat(PullSecrets.hostOf("quay.io")).isEqualTo("quay.io");
    }
}
