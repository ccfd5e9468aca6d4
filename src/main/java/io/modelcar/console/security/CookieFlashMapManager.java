package io.modelcar.console.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.AbstractFlashMapManager;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Flash attributes (the message after a post-redirect-get, what the user typed into a refused form) in a sealed
 * cookie instead of the HTTP session, so the page after the redirect may come from another replica. Values are kept
 * as text, each cut to {@value #MAX_VALUE_CHARS} characters so that the cookie stays small.
 */
final class CookieFlashMapManager extends AbstractFlashMapManager {

    static final String COOKIE = "MCC_FLASH";
    static final int MAX_VALUE_CHARS = 600;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SealedCookies cookies;

    CookieFlashMapManager(SealedCookies cookies) {
        this.cookies = cookies;
    }

    /** One flash map as stored. */
    record Stored(String path, Map<String, List<String>> params, long expiresAt, Map<String, String> attributes) {
    }

    @Override
    protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
        return cookies.read(request, COOKIE).map(json -> {
            try {
                List<FlashMap> maps = new ArrayList<>();
                for (Stored s : JSON.readValue(json, new TypeReference<List<Stored>>() { })) {
                    FlashMap map = new FlashMap();
                    map.setTargetRequestPath(s.path());
                    map.addTargetRequestParams(new LinkedMultiValueMap<>(s.params()));
                    map.setExpirationTime(s.expiresAt());
                    map.putAll(s.attributes());
                    maps.add(map);
                }
                return maps;
            } catch (JacksonException e) {
                return null;
            }
        }).orElse(null);
    }

    @Override
    protected void updateFlashMaps(List<FlashMap> flashMaps, HttpServletRequest request,
            HttpServletResponse response) {
        if (flashMaps.isEmpty()) {
            cookies.clear(request, response, COOKIE);
            return;
        }
        List<Stored> stored = new ArrayList<>();
        for (FlashMap map : flashMaps) {
            Map<String, String> attributes = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                if (value != null) {
                    String text = value.toString();
                    attributes.put(key, text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) : text);
                }
            });
            stored.add(new Stored(map.getTargetRequestPath(), map.getTargetRequestParams(), map.getExpirationTime(),
                    attributes));
        }
        try {
            cookies.write(request, response, COOKIE, JSON.writeValueAsBytes(stored), null);
        } catch (IllegalArgumentException tooLarge) {
            // the messages are lost, the redirect is not: better than an error page after a successful write
            cookies.clear(request, response, COOKIE);
        }
    }
}
