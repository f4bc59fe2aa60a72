package org.annex.assistant.transfer.impl;

import java.util.Map;

/** Where transfer and commit events go: Event Admin in the framework, a list in tests. */
@FunctionalInterface
interface EventSink {
    void post(String topic, Map<String, Object> properties);
}
