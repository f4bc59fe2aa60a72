package org.annex.assistant.core.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed preferred-content expression. Parsing follows git-annex exactly, quirks included, so that what
 * another repository wrote means the same here: tokens are separated by whitespace, '(' and ')' stand alone;
 * and/or/not bind strictly left to right with no precedence ({@code a or b and c} is {@code (a or b) and c});
 * adjacent terms are and-ed; {@code not} negates the one term or group after it; unbalanced parentheses are
 * forgiven and a dangling {@code or} makes the whole expression true. Only unknown terms and bad values are errors.
 * Instances are immutable and thread-safe; parse once, evaluate often.
 */
public final class Expression {
    private static final int MAX_CACHED_GROUP_EXPRESSIONS = 256;
    private static final Map<String, Optional<Expression>> GROUP_EXPRESSIONS = new ConcurrentHashMap<>();

    private final String text;
    private final Node root;
    private final boolean usesGroupWanted;

    private Expression(String text, Node root, boolean usesGroupWanted) {
        this.text = text;
        this.root = root;
        this.usesGroupWanted = usesGroupWanted;
    }

    /** Parses an expression; every problem is listed in the exception's message with its token and position. */
    public static Expression parse(String text) {
        if (text == null) {
            throw new MatchSyntaxException("no expression");
        }
        List<Object> tokens = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean groupWanted = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(c == '(' ? Syntax.OPEN : Syntax.CLOSE);
                i++;
            } else {
                int start = i;
                while (i < n && !isSpace(text.charAt(i)) && text.charAt(i) != '(' && text.charAt(i) != ')') {
                    i++;
                }
                String word = text.substring(start, i);
                switch (word) {
                    case "and": tokens.add(Syntax.AND); break;
                    case "or": tokens.add(Syntax.OR); break;
                    case "not": tokens.add(Syntax.NOT); break;
                    default:
                        try {
                            tokens.add(Terms.parse(word));
                            groupWanted |= word.equals("groupwanted");
                        } catch (IllegalArgumentException e) {
                            errors.add(e.getMessage() + " in \"" + printable(word) + "\" at offset " + start);
                        }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new MatchSyntaxException("bad expression \"" + printable(text) + "\": " + String.join("; ", errors));
        }
        List<Object> grouped = implicitAnd(groups(tokens, new int[1], false));
        return new Expression(text, process(Node.ANY, grouped), groupWanted);
    }

    /**
     * Whether the candidate is matched. For {@code groupwanted}, the expression of the repository's group is
     * parsed from the facts; if it is unparsable, the whole expression means "present", as git-annex has it.
     */
    public boolean matches(Candidate candidate, RepoFacts facts) {
        Expression groupWanted = null;
        if (usesGroupWanted) {
            Optional<String> groupText = groupWantedText(candidate.uuid(), facts);
            if (groupText.isPresent()) {
                Optional<Expression> parsed = parseCached(groupText.get());
                if (parsed.isEmpty()) {
                    return Terms.PRESENT.eval(new Node.Evaluation(candidate, facts, null));
                }
                groupWanted = parsed.get();
            }
        }
        return root.eval(new Node.Evaluation(candidate, facts, groupWanted));
    }

    /** True if some term needs the key or location data ({@code standard} and {@code groupwanted} count). */
    public boolean needsKey() {
        return root.needsKey();
    }

    /** The expression as given to {@link #parse}. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    Node root() {
        return root;
    }

    /** The groupwanted expression of the repository's groups, if exactly one of them has one. */
    private static Optional<String> groupWantedText(String uuid, RepoFacts facts) {
        String found = null;
        for (String g : facts.groups(uuid)) {
            Optional<String> expr = facts.groupPreferredContent(g);
            if (expr.isPresent()) {
                if (found != null) {
                    return Optional.empty();
                }
                found = expr.get();
            }
        }
        return Optional.ofNullable(found);
    }

    private static Optional<Expression> parseCached(String text) {
        Optional<Expression> cached = GROUP_EXPRESSIONS.get(text);
        if (cached != null) {
            return cached;
        }
        Optional<Expression> parsed;
        try {
            parsed = Optional.of(parse(text));
        } catch (MatchSyntaxException e) {
            parsed = Optional.empty();
        }
        if (GROUP_EXPRESSIONS.size() >= MAX_CACHED_GROUP_EXPRESSIONS) {
            GROUP_EXPRESSIONS.clear();
        }
        GROUP_EXPRESSIONS.put(text, parsed);
        return parsed;
    }

    private enum Syntax { AND, OR, NOT, OPEN, CLOSE }

    /** Nests parenthesised runs; a stray ')' is skipped and a missing one is assumed at the end. */
    private static List<Object> groups(List<Object> tokens, int[] pos, boolean inGroup) {
        List<Object> out = new ArrayList<>();
        while (pos[0] < tokens.size()) {
            Object t = tokens.get(pos[0]++);
            if (t == Syntax.OPEN) {
                out.add(groups(tokens, pos, true));
            } else if (t == Syntax.CLOSE) {
                if (inGroup) {
                    return out;
                }
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** Inserts "and" between adjacent terms or groups, at every level. */
    private static List<Object> implicitAnd(List<Object> items) {
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            Object nested = item instanceof List ? implicitAnd(castList(item)) : item;
            if (!out.isEmpty() && isOperand(out.get(out.size() - 1)) && isOperand(nested)) {
                out.add(Syntax.AND);
            }
            out.add(nested);
        }
        return out;
    }

    private static boolean isOperand(Object item) {
        return item instanceof Node || item instanceof List;
    }

    /** Folds left to right from {@code start}, each operator taking the next single item as its right side. */
    private static Node process(Node start, List<Object> items) {
        Node m = start;
        int[] pos = {0};
        while (pos[0] < items.size()) {
            m = consume(m, items, pos);
        }
        return m;
    }

    private static Node consume(Node m, List<Object> items, int[] pos) {
        if (pos[0] >= items.size()) {
            return m;
        }
        Object item = items.get(pos[0]++);
        if (item == Syntax.AND) {
            return Node.and(m, consume(Node.ANY, items, pos));
        } else if (item == Syntax.OR) {
            return Node.or(m, consume(Node.ANY, items, pos));
        } else if (item == Syntax.NOT) {
            return Node.and(m, Node.not(consume(Node.ANY, items, pos)));
        } else if (item instanceof Node) {
            return Node.and(m, (Node) item);
        } else {
            return process(m, castList(item));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }

    /** Haskell's isSpace, which git-annex's tokenizer splits on. */
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u00a0' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return s.length() > 200 ? b.append("...").toString() : b.toString();
    }
}
