package io.modelcar.console.storageinitializer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the storage-initializer feature ({@code console.storage-initializer.*}).
 *
 * @param historyConfigMap name of the ConfigMap (in the KServe namespace) that keeps the change history
 * @param historyLimit     how many changes the history keeps (oldest dropped first)
 * @param historyMaxBytes  upper bound of the history's serialised size (a ConfigMap holds at most 1 MiB)
 * @param patchRetries     attempts of a PATCH without If-Match when the ConfigMap changes meanwhile
 * @param maxBodyBytes     largest accepted request body
 */
@ConfigurationProperties("console.storage-initializer")
public record StorageInitializerProperties(
        @DefaultValue("modelcar-console-history") String historyConfigMap,
        @DefaultValue("100") int historyLimit,
        @DefaultValue("600000") int historyMaxBytes,
        @DefaultValue("5") int patchRetries,
        @DefaultValue("65536") int maxBodyBytes) {

    public static StorageInitializerProperties defaults() {
        return new StorageInitializerProperties("modelcar-console-history", 100, 600_000, 5, 65_536);
    }
}
