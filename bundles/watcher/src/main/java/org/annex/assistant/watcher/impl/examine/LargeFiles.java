package org.annex.assistant.watcher.impl.examine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.match.Candidate;
import org.annex.assistant.core.match.Expression;
import org.annex.assistant.core.match.MatchSyntaxException;
import org.annex.assistant.core.match.RepoFacts;
import org.annex.assistant.core.match.TrustLevel;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;
import org.eclipse.jgit.lib.Repository;

/**
 * annex.largefiles as git-annex reads it: git config {@code annex.largefiles} if set, else the
 * {@code annex.largefiles} attribute of the path (.gitattributes files from the root down, then
 * .git/info/attributes, the last match winning), else "anything" (every file is large, git-annex's default).
 * The expression language is git-annex's, from the core bundle's match package.
 */
final class LargeFiles implements LargeFilesRule {
    private final Repository repo;
    private final Path workTree;
    private final ParsedFiles<AttributesNode> nodes = new ParsedFiles<>((file, in) -> {
        AttributesNode node = new AttributesNode();
        node.parse(in);
        return node;
    });
    private final Map<String, Expression> parsed = new ConcurrentHashMap<>();

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
        Expression e = parsed.get(expr);
        if (e == null) {
            try {
                e = Expression.parse(expr);
            } catch (MatchSyntaxException bad) {
                throw new IllegalArgumentException("annex.largefiles '" + expr + "': " + bad.getMessage(), bad);
            }
            parsed.put(expr, e);
        }
        return e.matches(new Candidate(relPath, null, size, ""), FILE_ONLY);
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
        AttributesNode node = nodes.get(attributesFile);
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

    /**
     * largefiles is decided from the file alone (name, size), before it has a key or any copies, so the
     * expression is evaluated with no repository facts: terms about copies or groups find none.
     */
    private static final RepoFacts FILE_ONLY = new RepoFacts() {
        @Override
        public Set<String> groups(String uuid) {
            return Set.of();
        }

        @Override
        public Set<String> membersOf(String group) {
            return Set.of();
        }

        @Override
        public TrustLevel trust(String uuid) {
            return TrustLevel.SEMITRUSTED;
        }

        @Override
        public Set<String> locations(Key key) {
            return Set.of();
        }

        @Override
        public int numCopies() {
            return 1;
        }

        @Override
        public int minCopies() {
            return 1;
        }

        @Override
        public Optional<String> groupPreferredContent(String group) {
            return Optional.empty();
        }

        @Override
        public Map<String, String> remoteConfig(String uuid) {
            return Map.of();
        }

        @Override
        public boolean present(Key key) {
            return false;
        }
    };
}
