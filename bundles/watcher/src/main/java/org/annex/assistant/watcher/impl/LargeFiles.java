package org.annex.assistant.watcher.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;
import org.eclipse.jgit.lib.Repository;

/**
 * annex.largefiles as git-annex reads it: git config {@code annex.largefiles} if set, else the
 * {@code annex.largefiles} attribute of the path (.gitattributes files from the root down, then
 * .git/info/attributes, the last match winning), else "anything" (every file is large, git-annex's default).
 *
 * <p>Expressions: {@code largerthan=SIZE}, {@code smallerthan=SIZE}, {@code include=GLOB},
 * {@code exclude=GLOB}, {@code anything}, {@code nothing}, {@code not}, parentheses, and {@code and}/{@code or}
 * evaluated left to right with equal precedence (as git-annex 10.20230126 does: {@code anything or nothing
 * and nothing} is false). Globs match the whole relative path and {@code *} crosses '/'. Sizes take SI
 * ({@code kb}=1000) and IEC ({@code KiB}=1024) units. Any other term is an error.
 */
final class LargeFiles implements LargeFilesRule {
    private final Repository repo;
    private final Path workTree;
    private final Map<Path, CachedNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, Matcher> parsed = new ConcurrentHashMap<>();

    LargeFiles(Repository repo) {
        this.repo = repo;
        this.workTree = repo.getWorkTree().toPath();
    }

    @Override
    public boolean isLarge(String relPath, long size) {
        String expr = expression(relPath);
        if (expr == null) {
            return true;
        }
        return parsed.computeIfAbsent(expr, LargeFiles::parse).matches(relPath, size);
    }

    private String expression(String relPath) {
        String configured = repo.getConfig().getString("annex", null, "largefiles");
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String found = null;
        String dir = "";
        String rest = relPath;
        while (true) {
            String value = attribute(workTree.resolve(dir).resolve(".gitattributes"), rest);
            if (value != null) {
                found = value;
            }
            int slash = rest.indexOf('/');
            if (slash < 0) {
                break;
            }
            dir = dir.isEmpty() ? rest.substring(0, slash) : dir + '/' + rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        String info = attribute(repo.getDirectory().toPath().resolve("info").resolve("attributes"), relPath);
        return info != null ? info : found;
    }

    private String attribute(Path attributesFile, String relPath) {
        AttributesNode node = node(attributesFile);
        if (node == null) {
            return null;
        }
        String value = null;
        for (AttributesRule rule : node.getRules()) {
            if (rule.isMatch(relPath, false)) {
                for (Attribute a : rule.getAttributes()) {
                    if (a.getKey().equals("annex.largefiles")) {
                        value = a.getState() == Attribute.State.CUSTOM ? a.getValue() : null;
                    }
                }
            }
        }
        return value;
    }

    private static final class CachedNode {
        final long mtime;
        final long size;
        final AttributesNode node;

        CachedNode(long mtime, long size, AttributesNode node) {
            this.mtime = mtime;
            this.size = size;
            this.node = node;
        }
    }

    private AttributesNode node(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            nodes.remove(file);
            return null;
        } catch (IOException e) {
            return null;
        }
        long mtime = a.lastModifiedTime().toMillis();
        CachedNode c = nodes.get(file);
        if (c != null && c.mtime == mtime && c.size == a.size()) {
            return c.node;
        }
        AttributesNode node = new AttributesNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(in);
        } catch (IOException e) {
            return null;
        }
        nodes.put(file, new CachedNode(mtime, a.size(), node));
        return node;
    }

    /** A parsed expression. */
    interface Matcher {
        boolean matches(String relPath, long size);
    }

    /** Parses an annex.largefiles expression; throws IllegalArgumentException saying what is wrong. */
    static Matcher parse(String expression) {
        List<String> tokens = tokenize(expression);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("empty annex.largefiles expression");
        }
        int[] pos = {0};
        Matcher m = sequence(tokens, pos, expression);
        if (pos[0] != tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + tokens.get(pos[0]) + "' in annex.largefiles '"
                    + expression + "'");
        }
        return m;
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '(' || c == ')') {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                if (c == '(' || c == ')') {
                    out.add(String.valueOf(c));
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static Matcher sequence(List<String> t, int[] pos, String expr) {
        Matcher left = unary(t, pos, expr);
        while (pos[0] < t.size() && !t.get(pos[0]).equals(")")) {
            String op = t.get(pos[0]);
            Matcher l = left;
            if (op.equals("and")) {
                pos[0]++;
                Matcher r = unary(t, pos, expr);
                left = (p, s) -> l.matches(p, s) && r.matches(p, s);
            } else if (op.equals("or")) {
                pos[0]++;
                Matcher r = unary(t, pos, expr);
                left = (p, s) -> l.matches(p, s) || r.matches(p, s);
            } else {
                // git-annex joins juxtaposed terms with "and".
                Matcher r = unary(t, pos, expr);
                left = (p, s) -> l.matches(p, s) && r.matches(p, s);
            }
        }
        return left;
    }

    private static Matcher unary(List<String> t, int[] pos, String expr) {
        if (pos[0] >= t.size()) {
            throw new IllegalArgumentException("annex.largefiles '" + expr + "' ends too early");
        }
        String tok = t.get(pos[0]++);
        if (tok.equals("not")) {
            Matcher inner = unary(t, pos, expr);
            return (p, s) -> !inner.matches(p, s);
        }
        if (tok.equals("(")) {
            Matcher inner = sequence(t, pos, expr);
            if (pos[0] >= t.size() || !t.get(pos[0]).equals(")")) {
                throw new IllegalArgumentException("missing ')' in annex.largefiles '" + expr + "'");
            }
            pos[0]++;
            return inner;
        }
        return term(tok, expr);
    }

    private static Matcher term(String tok, String expr) {
        if (tok.equals("anything")) {
            return (p, s) -> true;
        }
        if (tok.equals("nothing")) {
            return (p, s) -> false;
        }
        int eq = tok.indexOf('=');
        if (eq > 0) {
            String name = tok.substring(0, eq);
            String value = tok.substring(eq + 1);
            switch (name) {
                case "largerthan": {
                    long limit = size(value, expr);
                    return (p, s) -> s > limit;
                }
                case "smallerthan": {
                    long limit = size(value, expr);
                    return (p, s) -> s < limit;
                }
                case "include": {
                    Pattern g = glob(value);
                    return (p, s) -> g.matcher(p).matches();
                }
                case "exclude": {
                    Pattern g = glob(value);
                    return (p, s) -> !g.matcher(p).matches();
                }
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("annex.largefiles term '" + tok + "' in '" + expr
                + "' is not supported here (supported: largerthan, smallerthan, include, exclude, anything,"
                + " nothing, not, and, or, parentheses)");
    }

    static long size(String text, String expr) {
        java.util.regex.Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad size '" + text + "' in annex.largefiles '" + expr + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        long mult;
        switch (unit) {
            case "": case "b": case "byte": case "bytes": mult = 1; break;
            case "k": case "kb": case "kilobyte": case "kilobytes": mult = 1000L; break;
            case "m": case "mb": case "megabyte": case "megabytes": mult = 1000_000L; break;
            case "g": case "gb": case "gigabyte": case "gigabytes": mult = 1000_000_000L; break;
            case "t": case "tb": case "terabyte": case "terabytes": mult = 1000_000_000_000L; break;
            case "kib": mult = 1L << 10; break;
            case "mib": mult = 1L << 20; break;
            case "gib": mult = 1L << 30; break;
            case "tib": mult = 1L << 40; break;
            default:
                throw new IllegalArgumentException("unknown size unit '" + m.group(2) + "' in annex.largefiles '"
                        + expr + "'");
        }
        return (long) (n * mult);
    }

    /** A git-annex glob: {@code *} any characters including '/', {@code ?} one, {@code [...]} a class. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 2);
                if (close < 0) {
                    re.append("\\[");
                } else {
                    String cls = glob.substring(i + 1, close);
                    if (cls.startsWith("!")) {
                        cls = "^" + cls.substring(1);
                    }
                    re.append('[').append(cls.replace("\\", "\\\\")).append(']');
                    i = close;
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
