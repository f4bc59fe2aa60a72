package org.annex.assistant.console.impl.guard;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a request to the console comes from the console itself. Browsers send cached Basic credentials
 * with any request to the console's address, including a form that another site's page submits (a
 * cross-site request forgery), and a name of the attacker's that resolves to 127.0.0.1 makes their page
 * "same origin" with the console (DNS rebinding). So: the {@code Host} header must name the console's own
 * address and port, and a request that changes state (any method but GET, HEAD, OPTIONS) must carry an
 * {@code Origin} (or, from older browsers, a {@code Referer}) of the console's own origin; a request
 * carrying neither is refused too (curl users add {@code -H "Origin: http://127.0.0.1:PORT"}).
 */
public final class SameOrigin {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> hostNames;

    /**
     * @param hostNames the names and address literals the console may be reached by, lower case, IPv6 in
     *     brackets (the bound address, the loopback names when bound to loopback or everywhere, and any
     *     configured extra names)
     */
    public SameOrigin(Set<String> hostNames) {
        this.hostNames = Set.copyOf(hostNames);
    }

    /** The names a console bound to {@code bind} answers to, beside {@code extra}. */
    public static Set<String> namesFor(String bind, Set<String> extra) {
        java.util.HashSet<String> names = new java.util.HashSet<>();
        String b = bind.toLowerCase(Locale.ROOT);
        names.add(b.contains(":") && !b.startsWith("[") ? "[" + b + "]" : b);
        if (b.equals("0.0.0.0") || b.equals("::") || b.startsWith("127.") || b.equals("::1") || b.equals("localhost")) {
            names.addAll(LOOPBACK_NAMES);
        }
        extra.forEach(e -> names.add(e.toLowerCase(Locale.ROOT)));
        return names;
    }

    /**
     * Why the request is refused, or empty when it may go on.
     *
     * @param scheme the request's scheme ({@code http} or {@code https})
     * @param localPort the port the request came in on
     * @param localAddress the address it came in on (a console bound everywhere answers to that too)
     */
    public Optional<String> refusal(String method, String scheme, String host, int localPort, String localAddress,
            String origin, String referer) {
        if (host == null || host.isEmpty()) {
            return Optional.of("no Host header");
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        String name = colon > h.lastIndexOf(']') ? h.substring(0, colon) : h;
        String port = colon > h.lastIndexOf(']') ? h.substring(colon + 1) : (scheme.equals("https") ? "443" : "80");
        if (!port.equals(Integer.toString(localPort))) {
            return Optional.of("Host " + host + " is not this console's port " + localPort);
        }
        if (!hostNames.contains(name) && !name.equals(literal(localAddress))) {
            return Optional.of("Host " + host + " is not a name of this console (DNS rebinding?)");
        }
        if (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String own = originOf(scheme + "://" + h + "/").orElse(scheme + "://" + h);
        if (origin != null && !origin.isEmpty()) {
            return originOf(origin).filter(own::equals).isPresent() ? Optional.empty()
                    : Optional.of(method + " from another origin (" + origin + ")");
        }
        if (referer != null && !referer.isEmpty()) {
            return originOf(referer).filter(own::equals).isPresent() ? Optional.empty()
                    : Optional.of(method + " from another page (" + referer + ")");
        }
        return Optional.of(method + " without Origin or Referer: send the header Origin: " + own);
    }

    private static String literal(String address) {
        if (address == null) {
            return "";
        }
        String a = address.toLowerCase(Locale.ROOT);
        return a.contains(":") && !a.startsWith("[") ? "[" + a + "]" : a;
    }

    /** scheme://host[:port] of a URL, lower case, the default port left out as browsers do; empty if it is none. */
    private static Optional<String> originOf(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || u.getRawAuthority() == null) {
                return Optional.empty();
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            String authority = u.getRawAuthority().toLowerCase(Locale.ROOT);
            if (authority.contains("@")) {
                return Optional.empty();
            }
            if (scheme.equals("http") && authority.endsWith(":80") || scheme.equals("https") && authority.endsWith(":443")) {
                authority = authority.substring(0, authority.lastIndexOf(':'));
            }
            return Optional.of(scheme + "://" + authority);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
