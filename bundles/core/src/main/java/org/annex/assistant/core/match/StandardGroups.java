package org.annex.assistant.core.match;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The built-in preferred content of git-annex's standard groups, as git-annex 10.20230126 prints them (vicfg). */
public final class StandardGroups {
    private static final String CLIENT = "(include=* and ((exclude=*/archive/* and exclude=archive/*) or "
            + "(not (copies=archive:1 or copies=smallarchive:1)))) or approxlackingcopies=1";
    private static final Map<String, String> EXPRESSIONS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("client", CLIENT);
        m.put("transfer", "(not (inallgroup=client and copies=client:2) and (" + CLIENT + ")) or approxlackingcopies=1");
        m.put("backup", "anything");
        m.put("incrementalbackup", "((not copies=backup:1) and (not copies=incrementalbackup:1)) or approxlackingcopies=1");
        m.put("smallarchive", "((include=*/archive/* or include=archive/*) and ((not (copies=archive:1 or "
                + "copies=smallarchive:1)) or approxlackingcopies=1)) or approxlackingcopies=1");
        m.put("archive", "(not (copies=archive:1 or copies=smallarchive:1)) or approxlackingcopies=1");
        m.put("source", "not (copies=1)");
        m.put("manual", "present and (" + CLIENT + ")");
        m.put("public", "inpreferreddir");
        m.put("unwanted", "not anything");
        EXPRESSIONS = Collections.unmodifiableMap(m);
    }

    private StandardGroups() {
    }

    /** Group name to expression, in the order git-annex lists them. */
    public static Map<String, String> all() {
        return EXPRESSIONS;
    }

    /** The expression of a standard group, or empty if {@code group} is not one. */
    public static Optional<String> expression(String group) {
        return Optional.ofNullable(EXPRESSIONS.get(group));
    }
}
