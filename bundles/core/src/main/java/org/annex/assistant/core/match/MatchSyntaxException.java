package org.annex.assistant.core.match;

/** An expression git-annex would not accept either; the message names each offending token and its position. */
public class MatchSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MatchSyntaxException(String message) {
        super(message);
    }
}
