package io.modelcar.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GroupRoleMapperTest {

    private final GroupRoleMapper mapper = new GroupRoleMapper("groups",
            Map.of("ml-viewers", "viewer", "ml-ops", "operator", "platform", "admin"), null);

    @Test
    void whenUserIsInSeveralMappedGroupsThenTheHighestRoleWins() {
        assertThat(mapper.roles(Map.of("groups", List.of("ml-viewers", "ml-ops", "staff"))))
                .containsExactly(Roles.OPERATOR);
        assertThat(mapper.roles(Map.of("groups", List.of("platform", "ml-viewers")))).containsExactly(Roles.ADMIN);
    }

    @Test
    void whenNoGroupIsMappedThenNoRoleUnlessADefaultIsConfigured() {
        assertThat(mapper.roles(Map.of("groups", List.of("staff")))).isEmpty();
        assertThat(mapper.roles(Map.of())).isEmpty();
        assertThat(new GroupRoleMapper("groups", Map.of(), "viewer").roles(Map.of("groups", List.of("staff"))))
                .containsExactly(Roles.VIEWER);
    }

    @Test
    void whenClaimIsNestedOrAStringThenGroupsAreStillFound() {
        GroupRoleMapper keycloak = new GroupRoleMapper("realm_access.roles", Map.of("ml-ops", "operator"), null);
        assertThat(keycloak.roles(Map.of("realm_access", Map.of("roles", List.of("ml-ops")))))
                .containsExactly(Roles.OPERATOR);
        assertThat(mapper.groups(Map.of("groups", "ml-ops, staff platform"))).containsExactly("ml-ops", "staff",
                "platform");
        assertThat(keycloak.roles(Map.of("realm_access", "not-an-object"))).isEmpty();
    }

    @Test
    void whenMappingNamesAnUnknownRoleThenStartUpFailsWithAClearMessage() {
        assertThatThrownBy(() -> new GroupRoleMapper("groups", Map.of("x", "superuser"), null))
                .hasMessageContaining("superuser").hasMessageContaining("viewer, operator or admin");
    }
}
