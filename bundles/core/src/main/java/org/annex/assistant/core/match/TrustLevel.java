package org.annex.assistant.core.match;

/** A repository's trust level (trust.log); declared from least to most trusted, as "trust+" forms compare them. */
public enum TrustLevel {
    DEAD, UNTRUSTED, SEMITRUSTED, TRUSTED;

    /** The word git-annex uses in {@code copies=LEVEL:N}, or empty if {@code word} names no trust level. */
    static java.util.Optional<TrustLevel> fromWord(String word) {
        switch (word) {
            case "trusted": return java.util.Optional.of(TRUSTED);
            case "semitrusted": return java.util.Optional.of(SEMITRUSTED);
            case "untrusted": return java.util.Optional.of(UNTRUSTED);
            case "dead": return java.util.Optional.of(DEAD);
            default: return java.util.Optional.empty();
        }
    }
}
