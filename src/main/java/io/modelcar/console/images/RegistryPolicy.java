package io.modelcar.console.images;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.modelcar.console.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * Which registries the console may contact, against server-side request forgery (issue 14, point 2). Allowed: the
 * configured registry and the entries of {@code console.images.allowed-registries}: {@code host[:port]} named exactly
 * (any address, the operator named it), {@code *.domain} and {@code *} (public addresses only: loopback,
 * link-local and cloud metadata, private, shared and unique-local ranges are refused after DNS resolution). Plain HTTP
 * only to the configured plain-HTTP hosts. Every request the console makes to a registry, a token realm or a
 * redirect target goes through {@link #check}.
 */
final class RegistryPolicy {

    static final URI NOT_ALLOWED = ProblemTypes.of("registry-not-allowed");

    /** Name resolution (the JDK's; a test may answer for names it owns). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> exact;
    private final List<String> suffixes;
    private final boolean any;
    private final Set<String> plainHttpHosts;
    private final Resolver resolver;

    RegistryPolicy(Set<String> exact, List<String> suffixes, boolean any, Set<String> plainHttpHosts,
            Resolver resolver) {
        this.exact = exact;
        this.suffixes = suffixes;
        this.any = any;
        this.plainHttpHosts = plainHttpHosts;
        this.resolver = resolver;
    }

    static RegistryPolicy of(ImagesProperties properties) {
        return of(properties, InetAddress::getAllByName);
    }

    static RegistryPolicy of(ImagesProperties properties, Resolver resolver) {
        Set<String> exact = new HashSet<>();
        List<String> suffixes = new ArrayList<>();
        boolean any = false;
        if (properties.registry().configured()) {
            exact.add(normalize(properties.registry().host()));
        }
        for (String entry : properties.allowedRegistries()) {
            String e = normalize(entry);
            if (e.equals("*")) {
                any = true;
            } else if (e.startsWith("*.")) {
                suffixes.add(e.substring(1));
            } else if (!e.isEmpty()) {
                exact.add(e);
            }
        }
        Set<String> plain = new HashSet<>();
        RegistryTargets.plainHttpHosts(properties).forEach(h -> plain.add(normalize(h)));
        return new RegistryPolicy(Set.copyOf(exact), List.copyOf(suffixes), any, Set.copyOf(plain), resolver);
    }

    /** Whether requests to this {@code host[:port]} go over plain HTTP. */
    boolean plainHttp(String hostPort) {
        return plainHttpHosts.contains(normalize(hostPort));
    }

    /** Returns when the console may send a request to this URI; a 403 Problem otherwise. */
    void check(URI uri, String registry) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw refused(registry, "an address that is not an http(s) URL");
        }
        String hostPort = normalize(uri.getPort() < 0 ? host : host + ":" + uri.getPort());
        if (scheme.equals("http") && !plainHttp(hostPort)) {
            throw refused(registry, hostPort + " over plain HTTP (only hosts in console.images.insecure-registries)");
        }
        String bareHost = normalize(host);
        if (exact.contains(hostPort) || exact.contains(bareHost)) {
            return;
        }
        boolean matched = any || suffixes.stream().anyMatch(bareHost::endsWith);
        if (!matched) {
            throw refused(registry, hostPort + ", which is not in console.images.allowed-registries");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bareHost.startsWith("[") ? bareHost.substring(1, bareHost.length() - 1)
                    : bareHost);
        } catch (UnknownHostException e) {
            throw RegistryProblem.unreachable(registry);
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                throw refused(registry, hostPort + ", which resolves to an internal address (name it exactly in "
                        + "console.images.allowed-registries to allow it)");
            }
        }
    }

    /** Loopback, link-local (cloud metadata), private, shared (CGNAT), unique-local, multicast, unspecified. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // 100.64/10 shared
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0/24 IETF
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240;
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff && allZero(b, 0, 10);
            if (mapped) {
                try {
                    return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return (first & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        return true;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String normalize(String hostPort) {
        String h = hostPort == null ? "" : hostPort.strip().toLowerCase(Locale.ROOT);
        int scheme = h.indexOf("://");
        if (scheme >= 0) {
            h = h.substring(scheme + 3);
        }
        return h.endsWith("/") ? h.substring(0, h.length() - 1) : h;
    }

    private static RegistryProblem refused(String registry, String what) {
        return new RegistryProblem(HttpStatus.FORBIDDEN, NOT_ALLOWED, "Registry not allowed",
                "The console does not contact " + what + " (for the registry " + registry + ").");
    }
}
