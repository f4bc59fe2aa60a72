package org.annex.assistant.core.impl;

import java.io.IOException;

import org.annex.assistant.api.annex.Key;

/** Evaluates a preferred-content expression for one file of one repository. */
public interface PreferenceEvaluator {

    boolean wants(String expression, String uuid, Key key, String file, BranchState state) throws IOException;

}
