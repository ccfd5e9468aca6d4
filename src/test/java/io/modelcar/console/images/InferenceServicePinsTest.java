package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;

import io.modelcar.console.inferenceservices.InferenceServiceInventory;
import io.modelcar.console.inferenceservices.InferenceServiceSummary;
import io.modelcar.console.inferenceservices.OciReference;
import io.modelcar.console.inferenceservices.StorageUri;
import org.junit.jupiter.api.Test;

/**
 * The pins of one InferenceService are found by its namespace and name, not by a copy of every InferenceService
 * with an OCI URI; what is found, and what is not (none, or none with an OCI URI), stays as it was.
 */
class InferenceServicePinsTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final StorageUri PINNED = new StorageUri("spec.predictor.model.storageUri",
            "oci://q.io/a/m@" + DIGEST, "oci", new OciReference("modelcar", "q.io/a/m@" + DIGEST, "q.io", "a/m", null,
                    DIGEST, OciReference.IF_NOT_PRESENT, true, true, null, List.of()), List.of());
    private static final StorageUri S3 = new StorageUri("spec.predictor.model.storageUri", "s3://b/m", "s3", null,
            List.of());

    private final InferenceServiceInventory inventory = mock(InferenceServiceInventory.class);
    private final InferenceServicePins pins = new InferenceServicePins(inventory, mock(PullSecrets.class),
            mock(RegistryTargets.class), mock(RegistryApi.class), mock(ImagesAudit.class), mock(ImageMetrics.class));

    @Test
    void oneInferenceServiceIsLookedUpByKeyNotInACopyOfEveryOneWithOciStorage() {
        InferenceServiceSummary oci = isvc("ns", "m", PINNED);
        when(inventory.withOciStorage()).thenReturn(List.of(oci));
        when(inventory.get("ns", "m")).thenReturn(oci);
        when(inventory.get("ns", "s3-only")).thenReturn(isvc("ns", "s3-only", S3));

        assertThat(pins.pins("ns", "m")).contains(new InferenceServicePins.Pins("ns", "m", List.of()));
        assertThat(pins.pins("ns", "s3-only")).as("no OCI storage URI: not found, as before").isEmpty();
        assertThat(pins.pins("ns", "missing")).isEmpty();
        assertThat(pins.pins("other", "m")).isEmpty();
        verify(inventory, never()).withOciStorage();
    }

    private static InferenceServiceSummary isvc(String namespace, String name, StorageUri storage) {
        return new InferenceServiceSummary(namespace, name, true, null, null, List.of(storage),
                new InferenceServiceSummary.Modelcar(false, null, null, List.of()), List.of(), "ok", List.of(), null);
    }
}
