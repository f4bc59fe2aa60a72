package org.annex.assistant.api.remote;

import java.io.IOException;

/**
 * Thrown by a remote when the same key is already on its way between the two repositories, moved by
 * another process (the other repository's daemon fetching it from us, or git-annex): not a failure, the
 * transfer is left to whoever holds it.
 */
public class TransferBusyException extends IOException {
    private static final long serialVersionUID = 1L;

    public TransferBusyException(String message) {
        super(message);
    }
}
