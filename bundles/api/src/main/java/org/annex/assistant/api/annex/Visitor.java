package org.annex.assistant.api.annex;

import java.io.IOException;

/** Receives the items of a walk one at a time, so that 100k files never become a list; may throw to stop it. */
@FunctionalInterface
public interface Visitor<T> {
    void visit(T item) throws IOException;
}
