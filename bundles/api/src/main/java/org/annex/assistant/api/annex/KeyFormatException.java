package org.annex.assistant.api.annex;

/** A key name that is malformed or unsafe to use as a file name. The message says which and why. */
public class KeyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }
}
