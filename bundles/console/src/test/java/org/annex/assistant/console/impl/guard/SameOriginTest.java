package org.annex.assistant.console.impl.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.Test;

public class SameOriginTest {
    private final SameOrigin loopback = new SameOrigin(SameOrigin.namesFor("127.0.0.1", Set.of()));

    private Optional<String> post(String host, String origin, String referer) {
        return loopback.refusal("POST", "http", host, 8080, "127.0.0.1", origin, referer);
    }

    @Test
    public void theConsolesOwnPostsGoThrough() {
        assertEquals(Optional.empty(), post("127.0.0.1:8080", "http://127.0.0.1:8080", null));
        assertEquals(Optional.empty(), post("localhost:8080", "http://LOCALHOST:8080", null));
        assertEquals(Optional.empty(), post("127.0.0.1:8080", null, "http://127.0.0.1:8080/system/console/bundles"));
        assertEquals(Optional.empty(), loopback.refusal("GET", "http", "[::1]:8080", 8080, "::1", null, null));
    }

    @Test
    public void forgedOrMissingOriginsAreRefused() {
        assertTrue(post("127.0.0.1:8080", "http://evil.example", null).isPresent());
        assertTrue(post("127.0.0.1:8080", "http://127.0.0.1:9999", null).isPresent());
        assertTrue(post("127.0.0.1:8080", "null", null).isPresent());
        assertTrue(post("127.0.0.1:8080", "https://127.0.0.1:8080", null).isPresent());
        assertTrue(post("127.0.0.1:8080", null, "http://evil.example/page").isPresent());
        assertTrue(post("127.0.0.1:8080", null, "http://127.0.0.1:8080@evil.example/").isPresent());
        assertTrue(post("127.0.0.1:8080", null, null).get().contains("Origin: http://127.0.0.1:8080"));
        assertTrue(loopback.refusal("DELETE", "http", "127.0.0.1:8080", 8080, "127.0.0.1", null, null).isPresent());
    }

    @Test
    public void otherHostNamesAreRefusedEvenForReads() {
        assertTrue(loopback.refusal("GET", "http", "rebound.evil.example:8080", 8080, "127.0.0.1", null, null).isPresent());
        assertTrue(loopback.refusal("GET", "http", "127.0.0.1:9999", 8080, "127.0.0.1", null, null).isPresent());
        assertTrue(loopback.refusal("GET", "http", null, 8080, "127.0.0.1", null, null).isPresent());
        assertTrue(post("rebound.evil.example:8080", "http://rebound.evil.example:8080", null).isPresent());
    }

    @Test
    public void aConsoleBoundElsewhereAnswersToItsAddressAndConfiguredNames() {
        SameOrigin lan = new SameOrigin(SameOrigin.namesFor("192.168.1.5", Set.of("nas.local")));
        assertEquals(Optional.empty(), lan.refusal("POST", "https", "nas.local:8443", 8443, "192.168.1.5",
                "https://nas.local:8443", null));
        assertEquals(Optional.empty(), lan.refusal("GET", "https", "192.168.1.5:8443", 8443, "192.168.1.5", null, null));
        assertTrue(lan.refusal("GET", "https", "localhost:8443", 8443, "192.168.1.5", null, null).isPresent());
        SameOrigin everywhere = new SameOrigin(SameOrigin.namesFor("0.0.0.0", Set.of()));
        assertEquals(Optional.empty(), everywhere.refusal("GET", "http", "10.0.0.7:8080", 8080, "10.0.0.7", null, null));
        assertTrue(everywhere.refusal("GET", "http", "10.0.0.8:8080", 8080, "10.0.0.7", null, null).isPresent());
    }
}
