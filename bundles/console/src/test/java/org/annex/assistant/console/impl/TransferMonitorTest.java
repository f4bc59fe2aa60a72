package org.annex.assistant.console.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.annex.assistant.api.event.Topics;
import org.junit.Test;
import org.osgi.service.event.Event;

public class TransferMonitorTest {
    private static Event event(String topic, long bytes, Boolean ok) {
        Map<String, Object> p = new java.util.HashMap<>(Map.of(Topics.DIRECTION, "upload", Topics.KEY, "SHA256E-s10--k",
                Topics.FILE, "a <b>.txt", Topics.REMOTE, "usb", Topics.BYTES, bytes, Topics.SIZE, 10L));
        if (ok != null) {
            p.put(Topics.OK, ok);
        }
        if (Boolean.FALSE.equals(ok)) {
            p.put(Topics.MESSAGE, "remote usb unreachable");
        }
        return new Event(topic, p);
    }

    @Test
    public void progressThenDone() {
        TransferMonitor m = new TransferMonitor();
        m.handleEvent(event(Topics.TRANSFER_STARTED, 0, null));
        m.handleEvent(event(Topics.TRANSFER_PROGRESS, 4, null));
        assertEquals(1, m.running().size());
        assertEquals(4L, m.running().get(0).get("bytes"));
        m.handleEvent(event(Topics.TRANSFER_DONE, 10, true));
        assertEquals(0, m.running().size());
        assertEquals(1, m.finished().size());
        assertEquals(Boolean.TRUE, m.finished().get(0).get("ok"));
    }

    @Test
    public void aFailureKeepsItsMessage() {
        TransferMonitor m = new TransferMonitor();
        m.handleEvent(event(Topics.TRANSFER_DONE, 0, false));
        assertEquals("remote usb unreachable", m.finished().get(0).get(Topics.MESSAGE));
    }

    @Test
    public void historyIsBounded() {
        TransferMonitor m = new TransferMonitor();
        for (int i = 0; i < TransferMonitor.HISTORY + 20; i++) {
            m.handleEvent(event(Topics.TRANSFER_DONE, i, false));
        }
        assertEquals(TransferMonitor.HISTORY, m.finished().size());
    }

    @Test
    public void jsonAndHtmlEscapeFileNames() {
        assertTrue(Json.write(Map.of("f", "a <b>\"\n")).contains("a \\u003cb\\u003e\\\"\\n"));
        assertEquals("a &lt;b&gt; &amp; &#39;", Html.escape("a <b> & '"));
    }
}
