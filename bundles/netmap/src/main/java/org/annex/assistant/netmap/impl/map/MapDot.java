package org.annex.assistant.netmap.impl.map;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.annex.assistant.api.netmap.NetworkLink;
import org.annex.assistant.netmap.impl.plan.TransferPlan;

/**
 * The map as Graphviz DOT: a node per repository (its description, this one doubled), an edge per link
 * labelled with its annex-cost; the plan's edges bold, links that are down dashed, metered ones red.
 */
final class MapDot {
    private MapDot() {
    }

    static String of(MapGraph map, List<NetworkLink> links, TransferPlan plan, String self, Map<String, String> descriptions) {
        StringBuilder b = new StringBuilder("digraph netmap {\n  rankdir=LR;\n  node [shape=box];\n");
        for (int v = 0; v < map.uuids.size(); v++) {
            String uuid = map.uuids.get(v);
            String description = descriptions.getOrDefault(uuid, "");
            b.append("  n").append(v).append(" [label=").append(quote(description.isEmpty() ? uuid : description + "\n" + uuid))
                    .append(uuid.equals(self) ? ", peripheries=2" : "").append("];\n");
        }
        for (int e = 0; e < links.size(); e++) {
            NetworkLink l = links.get(e);
            b.append("  n").append(map.index.get(l.from())).append(" -> n").append(map.index.get(l.to()))
                    .append(" [label=").append(quote(String.format(Locale.ROOT, "%.0f", l.annexCost())));
            if (plan.uses(e)) {
                b.append(", style=bold, penwidth=3");
            } else if (!l.up()) {
                b.append(", style=dashed");
            }
            if (l.metered()) {
                b.append(", color=red");
            }
            b.append("];\n");
        }
        return b.append("}\n").toString();
    }

    /** A DOT string: quotes and backslashes escaped, line breaks as DOT's \n. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"', '\\' -> q.append('\\').append(c);
                case '\n' -> q.append("\\n");
                case '\r' -> { }
                default -> q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
