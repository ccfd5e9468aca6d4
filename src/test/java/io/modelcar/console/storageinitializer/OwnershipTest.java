package io.modelcar.console.storageinitializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OwnershipTest {

    static final List<Ownership.OwnerRef> ODH_OWNER = List.of(
            new Ownership.OwnerRef("datasciencecluster.opendatahub.io/v1", "DataScienceCluster", "default-dsc"));

    @Test
    void whenNoOperatorThenNotManaged() {
        assertThat(Ownership.detect(Map.of("app", "kserve"), Map.of(), List.of())).isNull();
    }

    @Test
    void whenOwnedByOpenDataHubThenWillRevert() {
        Ownership.ManagedBy managedBy = Ownership.detect(Map.of(), Map.of(), ODH_OWNER);
        assertThat(managedBy.owner()).contains("Open Data Hub").contains("DataScienceCluster default-dsc");
        assertThat(managedBy.willRevert()).isTrue();
        assertThat(managedBy.hint()).contains("opendatahub.io/managed=false");
    }

    @Test
    void whenLabelledByOpenDataHubThenWillRevert() {
        Ownership.ManagedBy managedBy = Ownership.detect(
                Map.of("app.opendatahub.io/kserve", "true"), null, null);
        assertThat(managedBy.willRevert()).isTrue();
    }

    @Test
    void whenAnnotatedUnmanagedThenEditsAreKept() {
        Ownership.ManagedBy managedBy = Ownership.detect(Map.of("opendatahub.io/component", "true"),
                Map.of("opendatahub.io/managed", "false"), ODH_OWNER);
        assertThat(managedBy.willRevert()).isFalse();
    }
}
