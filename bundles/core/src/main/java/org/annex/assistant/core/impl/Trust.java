package org.annex.assistant.core.impl;

/** Trust levels of trust.log: {@code 1}, {@code ?} (the default), {@code 0}, {@code X}. */
public enum Trust {
    TRUSTED, SEMITRUSTED, UNTRUSTED, DEAD;

    static Trust fromLog(String value) {
        switch (value) {
            case "1": return TRUSTED;
            case "0": return UNTRUSTED;
            case "X": return DEAD;
            default: return SEMITRUSTED;
        }
    }
}
