package org.annex.assistant.core.impl;

import java.io.IOException;

import org.annex.assistant.api.annex.Key;

/** Evaluates a preferred-content expression for one file of one repository. */
public interface PreferenceEvaluator {

    boolean wants(String expression, String uuid, Key key, String file, BranchState state) throws IOException;

    /**
     * Knows only the expressions that need no parser: empty (no preference: everything is wanted, as in
     * git-annex), {@code anything} and {@code nothing}. Anything else is an error rather than a guess.
     */
    PreferenceEvaluator TRIVIAL = (expression, uuid, key, file, state) -> {
        switch (expression.trim()) {
            case "":
            case "anything":
                return true;
            case "nothing":
                return false;
            default:
                throw new IOException("no preferred-content parser available to evaluate '" + expression
                        + "' for repository " + uuid);
        }
    };
}
