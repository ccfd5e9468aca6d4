package io.modelcar.console.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every answer of the API server becomes one of the console's exceptions, each telling what happened. */
class KubernetesErrorsTest {

    static KubernetesClientException answered(int code, String message) {
        return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "400 | REJECTED      | the body is malformed",
            "422 | REJECTED      | ValidatingAdmissionPolicy 'p' with binding 'b' denied request: no",
            "403 | REJECTED      | admission webhook \"x.example.com\" denied the request: frozen",
            "403 | REJECTED      | configmaps \"c\" is forbidden: ValidatingAdmissionPolicy 'p' with binding 'b' "
                    + "denied request: no",
            "403 | REJECTED      | pods \"p\" is forbidden: exceeded quota: compute",
            "404 | NOT_FOUND     | deployments.apps \"kserve-controller-manager\" not found",
            "409 | CONFLICT      | the object has been modified",
            "500 | SERVER_FAILED | etcdserver: request timed out",
            "501 | SERVER_FAILED | not implemented",
            "401 | SERVER_FAILED | Unauthorized"})
    void whenTheApiServerAnswersThenItsKindAndReasonAreKept(int code, ClusterRequestFailedException.Kind kind,
            String message) {
        RuntimeException translated = KubernetesErrors.translate("update", "configmaps", answered(code, message));

        assertThat(translated).isInstanceOfSatisfying(ClusterRequestFailedException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.serverMessage()).isEqualTo(message);
            assertThat(e.getMessage()).contains("update configmaps").contains(message).doesNotContain("http");
        });
    }

    @Test
    void whenA403IsRbacsThenThePermissionIsNamedAsBefore() {
        RuntimeException translated = KubernetesErrors.translate("update", "configmaps", answered(403,
                "configmaps \"c\" is forbidden: User \"system:serviceaccount:x:y\" cannot update resource "
                        + "\"configmaps\" in API group \"\" in the namespace \"kserve\""));

        assertThat(translated).isInstanceOf(ClusterPermissionDeniedException.class);
        assertThat(KubernetesErrors.translate("get", "pods", answered(403, null)))
                .isInstanceOf(ClusterPermissionDeniedException.class);
    }

    @ParameterizedTest
    @CsvSource({"429", "502", "503", "504"})
    void whenTheApiServerIsOverloadedOrAwayThenUnreachableAsBefore(int code) {
        assertThat(KubernetesErrors.translate("get", "pods", answered(code, "busy")))
                .isInstanceOf(ClusterUnreachableException.class);
    }

    @Test
    void aLongOrMultiLineReasonIsOneCappedLine() {
        ClusterRequestFailedException e = (ClusterRequestFailedException) KubernetesErrors.translate("update",
                "configmaps", answered(422, "first\nsecond\t" + "x".repeat(2000)));

        assertThat(e.serverMessage()).startsWith("first second x").doesNotContain("\n")
                .hasSize(ClusterRequestFailedException.MAX_MESSAGE);
        assertThat(((ClusterRequestFailedException) KubernetesErrors.translate("get", "pods", answered(500, " ")))
                .serverMessage()).isNull();
    }
}
