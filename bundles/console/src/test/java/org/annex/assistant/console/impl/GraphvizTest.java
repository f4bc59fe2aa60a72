package org.annex.assistant.console.impl;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;

import org.junit.Test;

/** Needs Graphviz's dot on the PATH (test.sh installs it). */
public class GraphvizTest {
    @Test
    public void dotBecomesSvgWithTheNodesLabels() throws Exception {
        String svg = Graphviz.svg("digraph netmap {\n  n0 [label=\"laptop\"];\n  n1 [label=\"nas\"];\n"
                + "  n0 -> n1 [label=\"100\", style=bold];\n}\n");
        assertTrue(svg, svg.contains("<svg") && svg.contains(">laptop<") && svg.contains(">nas<"));
    }

    @Test
    public void dotsOwnErrorIsPassedOn() {
        IOException e = assertThrows(IOException.class, () -> Graphviz.svg("digraph { n0 -> }"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("dot -Tsvg failed: ") && e.getMessage().contains("syntax error"));
    }
}
