package org.annex.assistant.core.impl;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.match.Candidate;
import org.annex.assistant.core.match.Expression;
import org.annex.assistant.core.match.MatchSyntaxException;

/**
 * Preferred content evaluated with git-annex's expression language. Each distinct expression is parsed
 * once; a repository without an expression wants everything, as in git-annex.
 */
final class MatchPreferences implements PreferenceEvaluator {
    private static final int MAX_CACHED = 1024;
    private final Map<String, Expression> parsed = new ConcurrentHashMap<>();

    @Override
    public boolean wants(String expression, String uuid, Key key, String file, BranchState state) throws IOException {
        if (expression.isBlank()) {
            return true;
        }
        Expression e = parsed.get(expression);
        if (e == null) {
            try {
                e = Expression.parse(expression);
            } catch (MatchSyntaxException bad) {
                throw new IOException("preferred content of " + uuid + " cannot be parsed: " + bad.getMessage(), bad);
            }
            if (parsed.size() < MAX_CACHED) {
                parsed.put(expression, e);
            }
        }
        return e.matches(Candidate.of(file, key, uuid), state);
    }
}
