package org.annex.assistant.core.match;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * git-annex's globs: it rewrites the glob into a POSIX regular expression ({@code *} becomes {@code .*}, so it
 * matches across '/'; {@code ?} is one character; {@code [...]}/{@code [!...]} are bracket expressions; every
 * other character is literal, backslash included) and matches that against the whole path. The same two steps
 * are taken here, so bracket expressions keep their POSIX reading (a leading ']' is a member, backslash is literal).
 */
final class Glob {
    private Glob() {
    }

    /** Compiles a glob; {@link IllegalArgumentException} with a reason if git-annex could not compile it either. */
    static Pattern compile(String glob, boolean ignoreCase) {
        String posix = toPosixRegex(glob);
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        try {
            return Pattern.compile(posixToJava(posix, glob), flags);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad glob '" + glob + "': " + e.getDescription());
        }
    }

    /** The first step, as git-annex does it (without the ^ and $ anchors: Java's matches() anchors). */
    static String toPosixRegex(String glob) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i++);
            if (c == '*') {
                b.append(".*");
            } else if (c == '?') {
                b.append('.');
            } else if (c == '[') {
                if (i < n && glob.charAt(i) == '!') {
                    b.append("[^");
                    i++;
                } else {
                    b.append('[');
                }
                while (i < n) {
                    char d = glob.charAt(i++);
                    if (d == ']') {
                        b.append(']');
                        break;
                    }
                    if (d == '\\') {
                        b.append('\\');
                    }
                    b.append(d);
                }
            } else if (Character.isLetterOrDigit(c)) {
                b.append(c);
            } else {
                b.append('\\').append(c);
            }
        }
        return b.toString();
    }

    private static String posixToJava(String re, String glob) {
        StringBuilder j = new StringBuilder();
        int i = 0;
        int n = re.length();
        while (i < n) {
            char c = re.charAt(i++);
            if (c == '.') {
                j.append('.');
            } else if (c == '*') {
                j.append('*');
            } else if (c == '\\') {
                literal(j, re.codePointAt(i));
                i += Character.charCount(re.codePointAt(i));
            } else if (c == '[') {
                i = bracket(re, i, j, glob);
            } else {
                int cp = re.codePointAt(i - 1);
                literal(j, cp);
                i += Character.charCount(cp) - 1;
            }
        }
        return j.toString();
    }

    /** A POSIX bracket expression starting after its '['; returns the index after its closing ']'. */
    private static int bracket(String re, int start, StringBuilder j, String glob) {
        int i = start;
        int n = re.length();
        j.append('[');
        if (i < n && re.charAt(i) == '^') {
            j.append('^');
            i++;
        }
        boolean first = true;
        while (true) {
            if (i >= n) {
                throw new IllegalArgumentException("bad glob '" + glob + "': '[' without a closing ']'");
            }
            int cp = re.codePointAt(i);
            if (cp == ']' && !first) {
                j.append(']');
                return i + 1;
            }
            first = false;
            if (cp == '[' && i + 1 < n && ":.=".indexOf(re.charAt(i + 1)) >= 0) {
                char kind = re.charAt(i + 1);
                int end = re.indexOf(kind + "]", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("bad glob '" + glob + "': unterminated [" + kind);
                }
                String name = re.substring(i + 2, end);
                i = end + 2;
                if (kind == ':') {
                    j.append(characterClass(name, glob));
                } else {
                    name.codePoints().forEach(p -> literal(j, p));
                }
                continue;
            }
            i += Character.charCount(cp);
            literal(j, cp);
            if (i + 1 < n && re.charAt(i) == '-' && re.charAt(i + 1) != ']') {
                int to = re.codePointAt(i + 1);
                if (to < cp) {
                    throw new IllegalArgumentException("bad glob '" + glob + "': range out of order");
                }
                j.append('-');
                literal(j, to);
                i += 1 + Character.charCount(to);
            }
        }
    }

    private static String characterClass(String name, String glob) {
        switch (name) {
            case "alpha": return "\\p{IsAlphabetic}";
            case "digit": return "0-9";
            case "alnum": return "\\p{IsAlphabetic}0-9";
            case "upper": return "\\p{IsUppercase}";
            case "lower": return "\\p{IsLowercase}";
            case "space": return "\\s\\x{a0}";
            case "blank": return " \\t";
            case "punct": return "\\p{Punct}";
            case "xdigit": return "0-9a-fA-F";
            case "cntrl": return "\\p{Cntrl}";
            case "print": return "\\x{20}-\\x{7e}\\x{a0}-\\x{10ffff}";
            case "graph": return "\\x{21}-\\x{7e}\\x{a1}-\\x{10ffff}";
            default: throw new IllegalArgumentException("bad glob '" + glob + "': unknown class [:" + name + ":]");
        }
    }

    private static void literal(StringBuilder j, int codePoint) {
        if (codePoint < 128 && Character.isLetterOrDigit(codePoint)) {
            j.append((char) codePoint);
        } else {
            j.append("\\x{").append(Integer.toHexString(codePoint)).append('}');
        }
    }
}
