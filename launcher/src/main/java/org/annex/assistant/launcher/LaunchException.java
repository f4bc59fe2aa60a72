package org.annex.assistant.launcher;

/** A failure the user can act on: printed as one line, with an exit code per cause. */
final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    static final int USAGE = 2;
    static final int BAD_REPOSITORY = 3;
    static final int ALREADY_RUNNING = 4;
    static final int PORT_IN_USE = 5;
    static final int NOT_WRITABLE = 6;
    static final int START_FAILED = 7;
    static final int NOT_RUNNING = 8;

    private final int exitCode;

    LaunchException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
