package io.modelcar.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class CookieKeyRingTest {

    static final byte[] LOGIN = "{\"user\":\"alice\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void whenSealedThenOpenedBackAndNotReadable() {
        CookieKeyRing ring = CookieKeyRing.of(List.of(CookieKeyRing.newKey()));

        String sealed = ring.seal("MCC_SESSION", LOGIN);

        assertThat(sealed).doesNotContain("alice");
        assertThat(new String(Base64.getUrlDecoder().decode(sealed), StandardCharsets.ISO_8859_1))
                .doesNotContain("alice");
        assertThat(ring.open("MCC_SESSION", sealed)).hasValueSatisfying(v -> assertThat(v).isEqualTo(LOGIN));
        assertThat(ring.seal("MCC_SESSION", LOGIN)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void whenAKeyIsRotatedInThenOldCookiesStillOpenAndNewOnesUseTheNewKey() {
        String oldKey = CookieKeyRing.newKey();
        String newKey = CookieKeyRing.newKey();
        String beforeRotation = CookieKeyRing.of(List.of(oldKey)).seal("MCC_SESSION", LOGIN);

        CookieKeyRing rotated = CookieKeyRing.of(List.of(newKey, oldKey));
        String afterRotation = rotated.seal("MCC_SESSION", LOGIN);

        assertThat(rotated.open("MCC_SESSION", beforeRotation)).isPresent();
        assertThat(CookieKeyRing.of(List.of(newKey)).open("MCC_SESSION", afterRotation)).isPresent();
        assertThat(CookieKeyRing.of(List.of(oldKey)).open("MCC_SESSION", afterRotation)).isEmpty();
        assertThat(CookieKeyRing.of(List.of(newKey)).open("MCC_SESSION", beforeRotation))
                .as("the old key removed: its cookies are void").isEmpty();
    }

    @Test
    void whenTamperedOrForAnotherCookieOrGarbageThenNotOpened() {
        CookieKeyRing ring = CookieKeyRing.of(List.of(CookieKeyRing.newKey()));
        String sealed = ring.seal("MCC_SESSION", LOGIN);
        byte[] raw = Base64.getUrlDecoder().decode(sealed);
        raw[raw.length - 20] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        assertThat(ring.open("MCC_SESSION", tampered)).isEmpty();
        assertThat(ring.open("MCC_FLASH", sealed)).isEmpty();
        assertThat(ring.open("MCC_SESSION", "not base64 !")).isEmpty();
        assertThat(ring.open("MCC_SESSION", "")).isEmpty();
        assertThat(CookieKeyRing.of(List.of(CookieKeyRing.newKey())).open("MCC_SESSION", sealed)).isEmpty();
    }

    @Test
    void whenAKeyIsNotUsableThenItsPositionIsNamedButNotTheKey() {
        assertThatThrownBy(() -> CookieKeyRing.of(List.of(CookieKeyRing.newKey(), "c2hvcnQ=")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key 2")
                .hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> CookieKeyRing.of(List.of("%%%"))).hasMessageContaining("key 1 is not base64");
        assertThatThrownBy(() -> CookieKeyRing.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
