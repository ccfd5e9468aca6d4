package io.modelcar.console.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small values for cookies with AES-GCM (encrypted and authenticated) under a ring of keys: the first key
 * seals, every key opens, so that a new key can be put in front and the old one removed later without logging
 * anybody out. Each sealed value names its purpose as associated data, so a value sealed for one cookie is
 * rejected in another. Format (base64url, no padding): 4-byte key id, 12-byte nonce, ciphertext with its 16-byte tag.
 */
public final class CookieKeyRing {

    private static final int KEY_ID_BYTES = 4;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Key> keys;

    private record Key(byte[] id, SecretKey secret) {
    }

    private CookieKeyRing(List<Key> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("A key ring needs at least one key");
        }
        this.keys = List.copyOf(keys);
    }

    /**
     * A ring from base64 (standard or URL-safe) keys of 16, 24 or 32 bytes, the sealing key first.
     *
     * @throws IllegalArgumentException naming the position of a key that is not usable (never the key itself)
     */
    public static CookieKeyRing of(List<String> base64Keys) {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < base64Keys.size(); i++) {
            String text = base64Keys.get(i) == null ? "" : base64Keys.get(i).strip();
            byte[] raw;
            try {
                raw = text.contains("-") || text.contains("_") ? Base64.getUrlDecoder().decode(text)
                        : Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Cookie key " + (i + 1) + " is not base64");
            }
            if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
                throw new IllegalArgumentException("Cookie key " + (i + 1) + " has " + raw.length
                        + " bytes; AES needs 16, 24 or 32 (32 recommended)");
            }
            keys.add(new Key(keyId(raw), new SecretKeySpec(raw, "AES")));
        }
        return new CookieKeyRing(keys);
    }

    /** A ring of one random key that lives as long as this process: for a single console without a configured key. */
    public static CookieKeyRing ephemeral() {
        return of(List.of(newKey()));
    }

    /** A new random 32-byte key, base64: what the Helm chart generates once. */
    public static String newKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    int size() {
        return keys.size();
    }

    /** Encrypts and authenticates {@code plaintext} for {@code purpose} with the first key. */
    public String seal(String purpose, byte[] plaintext) {
        Key key = keys.get(0);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer
                    .allocate(KEY_ID_BYTES + NONCE_BYTES + sealed.length)
                    .put(key.id()).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext, or empty when the value is malformed, was sealed for another purpose, or by no key of the ring. */
    public Optional<byte[]> open(String purpose, String sealed) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length < KEY_ID_BYTES + NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        byte[] id = Arrays.copyOfRange(raw, 0, KEY_ID_BYTES);
        for (Key key : keys) {
            if (!MessageDigest.isEqual(id, key.id())) {
                continue;
            }
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key.secret(),
                        new GCMParameterSpec(TAG_BITS, raw, KEY_ID_BYTES, NONCE_BYTES));
                cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
                return Optional.of(cipher.doFinal(raw, KEY_ID_BYTES + NONCE_BYTES,
                        raw.length - KEY_ID_BYTES - NONCE_BYTES));
            } catch (GeneralSecurityException e) {
                // tampered, or another key with the same id: try the next
            }
        }
        return Optional.empty();
    }

    private static byte[] keyId(byte[] raw) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(raw), KEY_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
