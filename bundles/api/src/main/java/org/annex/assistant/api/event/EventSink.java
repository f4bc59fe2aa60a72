package org.annex.assistant.api.event;

import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Where a part posts its events: Event Admin in the framework (each component adapts its EventAdmin
 * reference with a method reference), a list in tests. Posting never blocks on subscribers.
 */
@FunctionalInterface
public interface EventSink {
    /** Discards every event: for parts run where nobody listens. */
    EventSink NONE = (topic, properties) -> { };

    /**
     * Posts through Event Admin, asynchronously, when there is one: {@code admin} is read at each post (a
     * component's dynamic, optional reference), and events posted while it is absent are dropped.
     */
    static EventSink to(Supplier<EventAdmin> admin) {
        return (topic, properties) -> {
            EventAdmin ea = admin.get();
            if (ea != null) {
                ea.postEvent(new Event(topic, properties));
            }
        };
    }

    /** Posts {@code topic} with {@code properties} (see {@link Topics} for both). */
    void post(String topic, Map<String, Object> properties);
}
