package io.modelcar.console.images;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import io.modelcar.console.testsupport.LocalRegistry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads an image back through the registry API: manifest, config, and every file of every layer. */
final class RegistryLayers {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One tar entry of a layer. */
    record Entry(String path, int mode, boolean directory, boolean symlink, String linkTarget, long size,
            long modTimeSeconds, long uid, long gid) {
    }

    private RegistryLayers() {
    }

    static JsonNode manifest(LocalRegistry registry, String repository, String reference) {
        var response = registry.get("/v2/" + repository + "/manifests/" + reference, OCI_MANIFEST + ", "
                + "application/vnd.docker.distribution.manifest.v2+json");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("manifest: HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    static JsonNode config(LocalRegistry registry, String repository, JsonNode manifest) {
        return JSON.readTree(registry.get("/v2/" + repository + "/blobs/" + manifest.path("config").path("digest")
                .asString(), null).body());
    }

    /** Per layer (in order), its entries by path without a leading slash. */
    static List<Map<String, Entry>> layers(LocalRegistry registry, String repository, JsonNode manifest) {
        List<Map<String, Entry>> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            byte[] blob = registry.get("/v2/" + repository + "/blobs/" + layer.path("digest").asString(), null)
                    .body();
            Map<String, Entry> entries = new LinkedHashMap<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                    new ByteArrayInputStream(blob)))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    String path = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
                    entries.put(path, new Entry(path, e.getMode() & 07777, e.isDirectory(), e.isSymbolicLink(),
                            e.getLinkName(), e.getSize(), e.getModTime().toInstant().getEpochSecond(),
                            e.getLongUserId(), e.getLongGroupId()));
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            layers.add(entries);
        }
        return layers;
    }
}
