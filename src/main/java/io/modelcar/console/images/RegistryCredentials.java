package io.modelcar.console.images;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user and password for a registry. Never printed: {@link #toString()} hides the password.
 */
record RegistryCredentials(String username, String password) {

    static final RegistryCredentials ANONYMOUS = new RegistryCredentials(null, null);

    boolean anonymous() {
        return username == null;
    }

    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return anonymous() ? "anonymous" : "RegistryCredentials[username=" + username + ", password=***]";
    }
}
