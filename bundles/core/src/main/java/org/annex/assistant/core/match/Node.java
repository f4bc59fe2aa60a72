package org.annex.assistant.core.match;

/** A compiled piece of an expression. */
interface Node {
    /** True, as git-annex's empty matcher: what an empty expression or an empty "()" evaluates to. */
    Node ANY = new Node() {
        @Override public boolean eval(Evaluation e) { return true; }
        @Override public boolean needsKey() { return false; }
    };

    boolean eval(Evaluation e);

    boolean needsKey();

    static Node and(Node a, Node b) {
        if (a == ANY) {
            return b;
        }
        if (b == ANY) {
            return a;
        }
        return new Node() {
            @Override public boolean eval(Evaluation e) { return a.eval(e) && b.eval(e); }
            @Override public boolean needsKey() { return a.needsKey() || b.needsKey(); }
        };
    }

    static Node or(Node a, Node b) {
        return new Node() {
            @Override public boolean eval(Evaluation e) { return a.eval(e) || b.eval(e); }
            @Override public boolean needsKey() { return a.needsKey() || b.needsKey(); }
        };
    }

    static Node not(Node a) {
        return new Node() {
            @Override public boolean eval(Evaluation e) { return !a.eval(e); }
            @Override public boolean needsKey() { return a.needsKey(); }
        };
    }

    /** One evaluation: the candidate, the facts, and what {@code groupwanted} stands for here. */
    final class Evaluation {
        final Candidate candidate;
        final RepoFacts facts;
        /** The repository's group-wanted expression, or null where git-annex matches only present content. */
        final Expression groupWanted;

        Evaluation(Candidate candidate, RepoFacts facts, Expression groupWanted) {
            this.candidate = candidate;
            this.facts = facts;
            this.groupWanted = groupWanted;
        }
    }
}
