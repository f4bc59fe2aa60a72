package org.annex.assistant.core.match;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.annex.assistant.api.annex.Key;

/**
 * {@code metadata=FIELD=GLOB} (glob without regard to case) and {@code FIELD<V}, {@code <=}, {@code >},
 * {@code >=} (numeric when both sides read as numbers, else string order), on the key's current metadata.
 */
final class MetadataTerm implements Node {
    private final String field;
    private final Predicate<String> valueTest;

    private MetadataTerm(String field, Predicate<String> valueTest) {
        this.field = field;
        this.valueTest = valueTest;
    }

    static Node parse(String spec) {
        int op = 0;
        while (op < spec.length() && "=<>".indexOf(spec.charAt(op)) < 0) {
            op++;
        }
        String field = spec.substring(0, op);
        if (field.isEmpty() || field.chars().anyMatch(c -> c == '/' || Character.isISOControl(c)
                || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("Illegal metadata field name, \"" + field + "\"");
        }
        String rest = spec.substring(op);
        if (rest.startsWith("<=")) {
            return new MetadataTerm(field, compare(rest.substring(2), c -> c <= 0));
        } else if (rest.startsWith("<")) {
            return new MetadataTerm(field, compare(rest.substring(1), c -> c < 0));
        } else if (rest.startsWith(">=")) {
            return new MetadataTerm(field, compare(rest.substring(2), c -> c >= 0));
        } else if (rest.startsWith(">")) {
            return new MetadataTerm(field, compare(rest.substring(1), c -> c > 0));
        }
        Pattern glob = Glob.compile(rest.startsWith("=") ? rest.substring(1) : "", true);
        return new MetadataTerm(field, v -> glob.matcher(v).matches());
    }

    private interface Order {
        boolean holds(int comparison);
    }

    private static Predicate<String> compare(String limit, Order order) {
        Double limitNumber = Numbers.readDouble(limit);
        return v -> {
            Double n = Numbers.readDouble(v);
            if (n == null || limitNumber == null) {
                return order.holds(v.compareTo(limit));
            }
            if (n.isNaN() || limitNumber.isNaN()) {
                return false;
            }
            double a = n;
            double b = limitNumber;
            return order.holds(a < b ? -1 : a > b ? 1 : 0);
        };
    }

    @Override
    public boolean eval(Evaluation e) {
        Key k = e.candidate.key();
        if (k == null) {
            return false;
        }
        for (Map.Entry<String, Set<String>> f : e.facts.metadata(k).entrySet()) {
            if (f.getKey().equalsIgnoreCase(field)) {
                for (String v : f.getValue()) {
                    if (valueTest.test(v)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public boolean needsKey() {
        return true;
    }
}
