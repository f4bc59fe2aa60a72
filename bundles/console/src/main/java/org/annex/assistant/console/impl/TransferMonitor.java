package org.annex.assistant.console.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.annex.assistant.api.event.Topics;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Follows the transfer events so the console and Gogo can show what is moving, how far it got, and the
 * last transfers that finished (failures included).
 */
@Component(service = {TransferMonitor.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=" + Topics.TRANSFER_ALL)
public class TransferMonitor implements EventHandler {
    static final int HISTORY = 50;

    private final Map<String, Map<String, Object>> running = new ConcurrentHashMap<>();
    private final Deque<Map<String, Object>> finished = new ArrayDeque<>();

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> t = new LinkedHashMap<>();
        for (String name : new String[] {Topics.DIRECTION, Topics.KEY, Topics.FILE, Topics.REMOTE, Topics.BYTES,
                Topics.SIZE, Topics.OK, Topics.MESSAGE, Topics.REPOSITORY}) {
            Object v = event.getProperty(name);
            if (v != null) {
                t.put(name, v);
            }
        }
        t.put("time", System.currentTimeMillis());
        String id = t.get(Topics.DIRECTION) + " " + t.get(Topics.KEY) + " " + t.get(Topics.REMOTE);
        switch (event.getTopic()) {
            case Topics.TRANSFER_STARTED:
            case Topics.TRANSFER_PROGRESS:
                running.merge(id, t, (old, now) -> {
                    old.putAll(now);
                    return old;
                });
                break;
            case Topics.TRANSFER_DONE:
                Map<String, Object> done = running.remove(id);
                if (done != null) {
                    done.putAll(t);
                    t = done;
                }
                synchronized (finished) {
                    finished.addFirst(t);
                    while (finished.size() > HISTORY) {
                        finished.removeLast();
                    }
                }
                break;
            default:
                break;
        }
    }

    List<Map<String, Object>> running() {
        return new ArrayList<>(running.values());
    }

    List<Map<String, Object>> finished() {
        synchronized (finished) {
            return new ArrayList<>(finished);
        }
    }
}
