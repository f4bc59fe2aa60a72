package org.annex.assistant.core.match;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.testsupport.Git;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** Every case is decided by the real {@code git annex matchexpression} and compared with ours. */
public class ExpressionInteropTest {
    private static final String U1 = "11111111-1111-1111-1111-111111111111";
    private static final String U2 = "22222222-2222-2222-2222-222222222222";
    private static final String U3 = "33333333-3333-3333-3333-333333333333";
    private static final String U4 = "44444444-4444-4444-4444-444444444444";
    private static final Key K1 = Key.parse("SHA256E-s5--2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824.txt");
    private static final Key K2 = Key.parse("SHA1-s20000--aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
    private static final Key K3 = Key.parse("WORM-s1048577-m1700000000--c.jpg");
    private static final Key K5 = Key.parse("MD5E-s3000000000--5d41402abc4b2a76b9719d911017c592.iso");
    private static final Key K6 = Key.parse("BLAKE2B256E-s0--0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");

    private static AnnexFixture repo;
    private static Key k4;

    @BeforeClass
    public static void setUp() throws Exception {
        repo = new AnnexFixture();
        String[] uuids = {U1, U2, U3, U4};
        for (int i = 0; i < uuids.length; i++) {
            repo.addFakeRemote("r" + (i + 1), uuids[i]);
        }
        Files.createDirectories(repo.dir.resolve("docs/public"));
        Files.writeString(repo.dir.resolve("docs/public/d.pdf"), "real content\n");
        repo.run("git", "annex", "add", "docs");
        repo.run("git", "commit", "-q", "-m", "add");
        k4 = Key.parse(repo.run("git", "annex", "lookupkey", "docs/public/d.pdf").trim());
        for (String u : new String[] {U1, U2, U3}) {
            repo.run("git", "annex", "setpresentkey", K1.toString(), u, "1");
        }
        repo.run("git", "annex", "setpresentkey", K2.toString(), U2, "1");
        repo.run("git", "annex", "setpresentkey", K2.toString(), U4, "1");
        repo.run("git", "annex", "setpresentkey", k4.toString(), U3, "1");
        repo.run("git", "annex", "setpresentkey", K5.toString(), U1, "1");
        repo.run("git", "annex", "group", "r4", "archive");
        repo.run("git", "annex", "dead", "r4");
        repo.run("git", "annex", "untrust", "r1");
        repo.run("git", "annex", "trust", "--force", "r2");
        repo.run("git", "annex", "group", "r1", "client");
        repo.run("git", "annex", "group", "r2", "archive");
        repo.run("git", "annex", "group", "r2", "client");
        repo.run("git", "annex", "group", "r3", "backup");
        repo.run("git", "annex", "numcopies", "2");
        repo.run("git", "annex", "metadata", "--key=" + K1, "-s", "tag=Foo", "-s", "n=10");
        repo.run("git", "annex", "metadata", "--key=" + K5, "-s", "tag=bar", "-s", "n=9");
    }

    @AfterClass
    public static void tearDown() throws Exception {
        repo.close();
    }

    private static final String[] CORPUS = {
        "anything", "nothing", "", "include=*", "include=*.txt", "exclude=*.txt", "include=*/public/*",
        "include=archive/*", "include=a?txt", "include=[ad]*", "include=[!a]*", "include=*.[jp][pd]?",
        "include=docs/*/d.pdf", "exclude=*/archive/* and exclude=archive/*", "include", "exclude=",
        "largerthan=10kb", "largerthan=1MiB", "smallerthan=1mb", "largerthan=2gb", "smallerthan=5", "largerthan=5.",
        "largerthan=0x10", "smallerthan=1.5kib", "largerthan=1e3", "smallerthan=1mbit",
        "copies=1", "copies=2", "copies=3", "copies=0", "copies=-1", "copies=0x2",
        "copies=trusted:1", "copies=untrusted:1", "copies=semitrusted:1", "copies=semitrusted+:2",
        "copies=untrusted+:3", "copies=dead+:1", "copies=dead:1", "copies=client:1", "copies=client:2",
        "copies=archive:1", "copies=backup:1", "copies=nosuchgroup:0",
        "lackingcopies=1", "lackingcopies=2", "approxlackingcopies=1", "lackingcopies=0",
        "inallgroup=client", "inallgroup=archive", "inallgroup=backup", "inallgroup=nosuch",
        "present", "not present", "securehash", "not securehash", "inbackend=SHA1", "inbackend=SHA256E",
        "inpreferreddir", "metadata=tag=foo", "metadata=TAG=f*", "metadata=tag=bar", "metadata=n<9.5",
        "metadata=n>=10", "metadata=n>9", "metadata=other=*",
        "anything or anything and nothing", "nothing or anything and anything", "not not nothing",
        "anything not nothing", "include=*.txt or include=*.iso and largerthan=1gb",
        "include=*.txt or (include=*.iso and largerthan=1gb)", "(nothing", "anything ) nothing", "nothing or",
        "nothing and or anything", "not", "not (copies=archive:1 or copies=smallarchive:1)",
        "(include=* and ((exclude=*/archive/* and exclude=archive/*) or (not (copies=archive:1 or "
            + "copies=smallarchive:1)))) or approxlackingcopies=1",
        "((not copies=backup:1) and (not copies=incrementalbackup:1)) or approxlackingcopies=1",
        "not (inallgroup=client and copies=client:2) and include=*", "present and copies=2",
        "(largerthan=1kb)(copies=1)", "smallerthan=1kb not copies=3", "include=*.txt\tor\u00a0include=*.iso",
    };

    private static final class Case {
        final String path;
        final Key key;

        Case(String path, Key key) {
            this.path = path;
            this.key = key;
        }
    }

    private static List<Case> cases() {
        return List.of(new Case("a.txt", K1), new Case("archive/b.bin", K2), new Case("public/x/c.jpg", K3),
                new Case("docs/public/d.pdf", k4), new Case("big.iso", K5), new Case("sub/e.txt", K6));
    }

    @Test
    public void corpusAgreesWithGitAnnex() throws Exception {
        RepoFacts facts = repo.facts();
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int matched = 0;
        for (String text : CORPUS) {
            Expression e = Expression.parse(text);
            for (Case c : cases()) {
                long size = c.key.size().getAsLong();
                Git.Result r = repo.exec("git", "annex", "matchexpression", text, "--file=" + c.path,
                        "--size=" + size, "--key=" + c.key);
                assertTrue(text + " on " + c.path + ": git-annex said " + r.exitCode + " " + r.error, r.exitCode == 0 || r.exitCode == 1);
                boolean ours = e.matches(Candidate.of(c.path, c.key, repo.hereUuid), facts);
                compared++;
                matched += ours ? 1 : 0;
                if (ours != (r.exitCode == 0)) {
                    mismatches.add(text + " on " + c.path + ": git-annex " + (r.exitCode == 0) + ", ours " + ours);
                }
            }
        }
        assertEquals("mismatches:\n" + String.join("\n", mismatches), List.of(), mismatches);
        assertTrue("a corpus where most cases match or most fail proves little: " + matched + "/" + compared,
                matched > compared / 4 && matched < compared * 3 / 4);
        assertTrue(compared >= 200);
    }

    @Test
    public void sizesWithoutKeyAgreeWithGitAnnex() throws Exception {
        String[] sizes = {"1QB", "10kb!!", "1kbit", "2.5b", "3.5", "0.0015kb", "1.0005kb", "0o10", "1e", "1,5kb",
            "1_000", "-0.5", "NaN", "Infinity", "-Infinity", "10Ki", "10kilobytes", "1Mb", "1g", "007"};
        long[] probes = {0, 1, 2, 3, 4, 7, 8, 9, 10, 999, 1000, 1001, 10240, 10241, 1000000, 1000001, 1L << 40};
        List<String> mismatches = new ArrayList<>();
        RepoFacts facts = repo.facts();
        for (String s : sizes) {
            for (String term : new String[] {"largerthan=", "smallerthan="}) {
                Expression e = Expression.parse(term + s);
                for (long n : probes) {
                    Git.Result r = repo.exec("git", "annex", "matchexpression", term + s, "--file=x",
                            "--size=" + n);
                    boolean ours = e.matches(new Candidate("x", null, n, repo.hereUuid), facts);
                    if (ours != (r.exitCode == 0)) {
                        mismatches.add(term + s + " size " + n + ": git-annex " + r.exitCode + " ours " + ours);
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    public void malformedExpressionsAreRejectedByBoth() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("in=here", "unknown token in \"in=here\"");
        bad.put("anything AND nothing", "unknown token in \"AND\" at offset 9");
        bad.put("Anything", "unknown token");
        bad.put("a or b", "unknown token in \"a\" at offset 0; unknown token in \"b\" at offset 5");
        bad.put("copies=x", "bad number for copies");
        bad.put("copies=client:", "bad number for copies");
        bad.put("copies=a:b:1", "bad value for copies");
        bad.put("copies=1e0", "bad number for copies");
        bad.put("lackingcopies=a", "bad value for number of lacking copies");
        bad.put("approxlackingcopies=", "bad value for number of lacking copies");
        bad.put("largerthan=foo", "bad size");
        bad.put("largerthan=1 MiB", "unknown token in \"MiB\"");
        bad.put("smallerthan=.5", "bad size");
        bad.put("largerthan=+5", "bad size");
        bad.put("largerthan=10kbfoo", "bad size");
        bad.put("largerthan=1bit", "bad size");
        bad.put("metadata==x", "Illegal metadata field name");
        bad.put("metadata=a/b=c", "Illegal metadata field name, \"a/b\"");
        bad.put("securehash=1", "unknown token in \"securehash=1\"");
        bad.put("present=x", "unknown token");
        bad.put("mimetype=text/plain", "unknown token");
        bad.put("include=[ab", "'[' without a closing ']'");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            try {
                Expression.parse(b.getKey());
                fail("accepted " + b.getKey());
            } catch (MatchSyntaxException e) {
                assertTrue(b.getKey() + ": " + e.getMessage(), e.getMessage().contains(b.getValue()));
            }
            Git.Result r = repo.exec("git", "annex", "matchexpression", b.getKey(), "--file=a", "--size=1",
                    "--key=" + K1);
            assertNotEquals(b.getKey() + " accepted by git-annex", 0, r.exitCode);
            assertTrue(b.getKey() + ": " + r.error, r.error.contains("bad expression") || r.error.contains("failed to compile"));
        }
    }

    @Test
    public void standardGroupExpressionsAreTheOnesGitAnnexPrints() throws Exception {
        Git.Result r = repo.exec("env", "EDITOR=cat", "git", "annex", "vicfg");
        Map<String, String> printed = new LinkedHashMap<>();
        for (String line : r.output.split("\n")) {
            if (line.startsWith("# standard ")) {
                String rest = line.substring("# standard ".length());
                int eq = rest.indexOf(" = ");
                printed.put(rest.substring(0, eq), rest.substring(eq + 3));
            }
        }
        assertEquals(printed, StandardGroups.all());
        assertEquals(List.copyOf(printed.keySet()), List.copyOf(StandardGroups.all().keySet()));
        for (String text : StandardGroups.all().values()) {
            assertTrue(Expression.parse(text).needsKey() || text.equals("inpreferreddir") || text.equals("anything")
                    || text.equals("not anything"));
        }
    }

    /** standard and groupwanted, through git annex find --want-get on a repository with real files. */
    @Test
    public void standardAndGroupwantedAgreeWithWantGet() throws Exception {
        try (AnnexFixture r = new AnnexFixture()) {
            r.addFakeRemote("arc", U2);
            String[] files = {"a.txt", "archive/b.txt", "x/archive/c.txt", "public/p.txt", "public/q/r.txt", "s/t.bin"};
            for (String f : files) {
                Files.createDirectories(r.dir.resolve(f).getParent());
                Files.writeString(r.dir.resolve(f), "content of " + f + "\n");
            }
            r.run("git", "annex", "add", ".");
            r.run("git", "commit", "-q", "-m", "files");
            r.run("git", "annex", "drop", "--force", "a.txt", "public/p.txt");
            String bKey = r.run("git", "annex", "lookupkey", "x/archive/c.txt").trim();
            r.run("git", "annex", "setpresentkey", bKey, U2, "1");
            r.run("git", "annex", "group", "arc", "archive");
            String[][] scenarios = {
                {"standard"}, {"standard", "client"}, {"standard", "+manual"}, {"standard", "-client", "-manual", "+archive"},
                {"standard", "+smallarchive", "-archive"}, {"standard", "+source", "-smallarchive"},
                {"standard", "+backup", "-source"}, {"standard", "+client"}, {"standard", "-backup", "+public", "-client"},
                {"standard", "+unwanted", "-public"}, {"groupwanted", "+foo", "-unwanted"},
                {"groupwanted", "=foo=include=s/*"}, {"groupwanted or include=a*", "=foo=groupwanted or include=p*"},
                {"groupwanted", "+bar", "=bar=include=a*"}, {"groupwanted", "-bar", "=foo=standard", "+transfer"},
                {"groupwanted", "-transfer", "+incrementalbackup"},
            };
            for (String[] s : scenarios) {
                for (int i = 1; i < s.length; i++) {
                    String op = s[i];
                    if (op.startsWith("+")) {
                        r.run("git", "annex", "group", "here", op.substring(1));
                    } else if (op.startsWith("-")) {
                        r.run("git", "annex", "ungroup", "here", op.substring(1));
                    } else if (op.startsWith("=")) {
                        String[] g = op.substring(1).split("=", 2);
                        r.run("git", "annex", "groupwanted", g[0], g[1]);
                    } else {
                        r.run("git", "annex", "group", "here", op);
                    }
                }
                r.run("git", "annex", "wanted", "here", s[0]);
                Set<String> theirs = new TreeSet<>(List.of(r.run("git", "annex", "find", "--want-get").split("\n")));
                theirs.remove("");
                RepoFacts facts = r.facts();
                Expression e = Expression.parse(s[0]);
                Set<String> ours = new TreeSet<>();
                for (String f : files) {
                    Key k = Key.parse(r.run("git", "annex", "lookupkey", f).trim());
                    if (e.matches(Candidate.of(f, k, r.hereUuid), facts)) {
                        ours.add(f);
                    }
                }
                assertEquals(String.join(" ", s) + " groups " + facts.groups(r.hereUuid), theirs, ours);
            }
        }
    }
}
