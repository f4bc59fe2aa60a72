package org.annex.assistant.core.match;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.annex.assistant.api.annex.Key;

/** The terms of git-annex's preferred-content language (those its preferred-content parser accepts). */
final class Terms {
    /** Matches content present in the repository: also what git-annex falls back to when it cannot expand. */
    static final Node PRESENT = keyed((e, k) -> isPresent(e, k));
    private static final Set<String> SECURE_BACKENDS = Set.of("SHA224", "SHA256", "SHA384", "SHA512",
            "SHA3_224", "SHA3_256", "SHA3_384", "SHA3_512", "SKEIN256", "SKEIN512",
            "BLAKE2B160", "BLAKE2B224", "BLAKE2B256", "BLAKE2B384", "BLAKE2B512", "BLAKE2BP512",
            "BLAKE2S160", "BLAKE2S224", "BLAKE2S256", "BLAKE2SP224", "BLAKE2SP256");

    private Terms() {
    }

    /** Compiles one token that is not and/or/not/parenthesis; the exception's message says what is wrong. */
    static Node parse(String token) {
        switch (token) {
            case "anything": return simple(e -> true);
            case "nothing": return simple(e -> false);
            case "present": return PRESENT;
            case "securehash": return keyed((e, k) -> isSecure(k.backend()));
            case "inpreferreddir": return simple(Terms::inPreferredDir);
            case "standard": return STANDARD;
            case "groupwanted": return GROUP_WANTED;
            case "unused": return keyed((e, k) -> false);
            default: break;
        }
        int eq = token.indexOf('=');
        String name = eq < 0 ? token : token.substring(0, eq);
        String value = eq < 0 ? "" : token.substring(eq + 1);
        switch (name) {
            case "include": {
                Pattern glob = Glob.compile(value, false);
                return simple(e -> e.candidate.path() != null && glob.matcher(e.candidate.path()).matches());
            }
            case "exclude": {
                Pattern glob = Glob.compile(value, false);
                return simple(e -> e.candidate.path() == null || !glob.matcher(e.candidate.path()).matches());
            }
            case "largerthan": {
                long limit = size(value);
                return simple(e -> e.candidate.size() >= 0 && e.candidate.size() > limit);
            }
            case "smallerthan": {
                long limit = size(value);
                // git-annex compares Maybe values, and Nothing sorts first: an unknown size is smaller than any.
                return simple(e -> e.candidate.size() < 0 || e.candidate.size() < limit);
            }
            case "copies": return copies(value);
            case "lackingcopies":
            case "approxlackingcopies": {
                long needed = Numbers.readInt(value).orElseThrow(
                        () -> new IllegalArgumentException("bad value for number of lacking copies"));
                return keyed((e, k) -> e.facts.numCopies() - count(e, k, t -> t != TrustLevel.UNTRUSTED) >= needed);
            }
            case "inallgroup": return inAllGroup(value);
            case "inbackend": return keyed((e, k) -> k.backend().equals(value));
            case "metadata": return MetadataTerm.parse(value);
            default: throw new IllegalArgumentException("unknown token");
        }
    }

    private static long size(String value) {
        OptionalLong size = Numbers.readSize(value);
        if (size.isEmpty()) {
            throw new IllegalArgumentException("bad size");
        }
        return size.getAsLong();
    }

    private static Node copies(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("bad value for copies");
        }
        long wanted = Numbers.readInt(parts[parts.length - 1]).orElseThrow(
                () -> new IllegalArgumentException("bad number for copies"));
        if (parts.length == 1) {
            return keyed((e, k) -> count(e, k, t -> true) >= wanted);
        }
        String spec = parts[0];
        // As in git-annex, a group named like a trust level is read as the trust level.
        boolean orBetter = spec.endsWith("+");
        var level = TrustLevel.fromWord(orBetter ? spec.substring(0, spec.length() - 1) : spec);
        if (level.isPresent()) {
            TrustLevel l = level.get();
            Predicate<TrustLevel> ok = orBetter ? t -> t.compareTo(l) >= 0 : t -> t == l;
            return keyed((e, k) -> count(e, k, ok) >= wanted);
        }
        return keyed((e, k) -> {
            int n = 0;
            for (String u : e.facts.locations(k)) {
                if (e.facts.trust(u) != TrustLevel.DEAD && e.facts.groups(u).contains(spec)) {
                    n++;
                }
            }
            return n >= wanted;
        });
    }

    /** Locations of the key that are not dead and whose trust passes {@code ok}. */
    private static int count(Node.Evaluation e, Key k, Predicate<TrustLevel> ok) {
        int n = 0;
        for (String u : e.facts.locations(k)) {
            TrustLevel t = e.facts.trust(u);
            if (t != TrustLevel.DEAD && ok.test(t)) {
                n++;
            }
        }
        return n;
    }

    private static Node inAllGroup(String group) {
        return new Node() {
            @Override public boolean eval(Node.Evaluation e) {
                Set<String> members = e.facts.membersOf(group);
                if (members.isEmpty()) {
                    return true;
                }
                Key k = e.candidate.key();
                if (k == null) {
                    return false;
                }
                Set<String> at = e.facts.locations(k);
                for (String u : members) {
                    if (!at.contains(u) || e.facts.trust(u) == TrustLevel.DEAD) {
                        return false;
                    }
                }
                return true;
            }

            @Override public boolean needsKey() { return true; }
        };
    }

    private static boolean isPresent(Node.Evaluation e, Key k) {
        String u = e.candidate.uuid();
        if (e.facts.hereUuid().filter(u::equals).isPresent()) {
            return e.facts.present(k);
        }
        return e.facts.trust(u) != TrustLevel.DEAD && e.facts.locations(k).contains(u);
    }

    static boolean isSecure(String backend) {
        String b = backend.endsWith("E") ? backend.substring(0, backend.length() - 1) : backend;
        return SECURE_BACKENDS.contains(b);
    }

    /**
     * git-annex: the path's directory, split into components that keep their trailing '/', contains the
     * preferred dir. Only the last component has no '/', so in effect the file's own directory must be named so.
     */
    private static boolean inPreferredDir(Node.Evaluation e) {
        String path = e.candidate.path();
        if (path == null) {
            return false;
        }
        Map<String, String> config = e.facts.remoteConfig(e.candidate.uuid());
        String dir = config.getOrDefault("preferreddir", "public");
        int slash = path.lastIndexOf('/');
        String parent = slash < 0 ? "." : path.substring(0, slash);
        int start = 0;
        int i = 0;
        while (i < parent.length()) {
            if (parent.charAt(i) == '/') {
                while (i < parent.length() && parent.charAt(i) == '/') {
                    i++;
                }
                if (parent.substring(start, i).equals(dir)) {
                    return true;
                }
                start = i;
            } else {
                i++;
            }
        }
        return start < parent.length() && parent.substring(start).equals(dir);
    }

    /** The repository's one standard group's expression; repositories in none or several get "present". */
    private static final Node STANDARD = new Node() {
        @Override public boolean eval(Node.Evaluation e) {
            Expression standard = null;
            for (String g : e.facts.groups(e.candidate.uuid())) {
                var expr = StandardExpressions.of(g);
                if (expr != null) {
                    if (standard != null) {
                        return PRESENT.eval(e);
                    }
                    standard = expr;
                }
            }
            return standard == null ? PRESENT.eval(e) : standard.root().eval(e);
        }

        @Override public boolean needsKey() { return true; }
    };

    private static final Node GROUP_WANTED = new Node() {
        @Override public boolean eval(Node.Evaluation e) {
            if (e.groupWanted == null) {
                return PRESENT.eval(e);
            }
            return e.groupWanted.root().eval(new Node.Evaluation(e.candidate, e.facts, null));
        }

        @Override public boolean needsKey() { return true; }
    };

    private interface KeyTest {
        boolean test(Node.Evaluation e, Key k);
    }

    private static Node simple(Predicate<Node.Evaluation> p) {
        return new Node() {
            @Override public boolean eval(Node.Evaluation e) { return p.test(e); }
            @Override public boolean needsKey() { return false; }
        };
    }

    /** A term on the key; with no key it does not match, as git-annex's checkKey. */
    private static Node keyed(KeyTest t) {
        return new Node() {
            @Override public boolean eval(Node.Evaluation e) {
                Key k = e.candidate.key();
                return k != null && t.test(e, k);
            }

            @Override public boolean needsKey() { return true; }
        };
    }

    /** Standard expressions compiled once. */
    private static final class StandardExpressions {
        private static final Map<String, Expression> COMPILED;

        static {
            var m = new java.util.HashMap<String, Expression>();
            StandardGroups.all().forEach((g, text) -> m.put(g, Expression.parse(text)));
            COMPILED = Map.copyOf(m);
        }

        static Expression of(String group) {
            return COMPILED.get(group);
        }
    }
}
