package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.modelcar.console.web.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jib sends registry credentials over plain HTTP only when the JVM-wide {@code sendCredentialsOverHttp} property is
 * true when a build starts. A build to a registry configured as plain HTTP may do so; the property must not stay set
 * for every later client in the JVM.
 */
class CredentialsOverHttpTest {

    static final String PROPERTY = "sendCredentialsOverHttp";

    @TempDir
    Path dir;

    @Test
    void aPlainHttpBuildWithCredentialsLeavesTheJvmWidePropertyAsItFoundIt() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("weights.bin"), "w");
        ModelcarImageBuilder.Target target = new ModelcarImageBuilder.Target(
                ImageName.parse("127.0.0.1:1/models/iris:1"), new RegistryCredentials("pusher", "s3cret"), true);
        System.clearProperty(PROPERTY);

        assertThatThrownBy(() -> ModelcarImageBuilder.buildAndPush(ModelFiles.scan(model),
                BusyboxBaseImage.inspect(BusyboxBaseImageTest.fakeStaticElf()), dir.resolve("base"),
                dir.resolve("jib"), target, new ModelcarImageBuilder.Listener() {
                    @Override
                    public void step(String message) {
                    }

                    @Override
                    public void progress(double fraction, List<String> runningTasks) {
                    }
                })).isInstanceOf(ProblemException.class); // nothing listens on port 1

        assertThat(System.getProperty(PROPERTY)).isNull();
    }
}
