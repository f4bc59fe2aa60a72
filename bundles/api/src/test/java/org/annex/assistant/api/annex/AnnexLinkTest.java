package org.annex.assistant.api.annex;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import org.junit.Test;

public class AnnexLinkTest {
    private static final Key SHA = Key.parse("SHA256E-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03.txt");
    private static final Key URL = Key.parse("URL--http://example.com/a%b&c:d");

    @Test
    public void targetsClimbOneLevelPerDirectory() {
        // formats doc §2: depth 0 and depth 2, hashdirmixed mK/4w of this key.
        assertEquals(".git/annex/objects/mK/4w/" + SHA + "/" + SHA, AnnexLink.target("hello.txt", SHA));
        assertEquals("../../.git/annex/objects/mK/4w/" + SHA + "/" + SHA, AnnexLink.target("d1/d2/x.txt", SHA));
        assertEquals(".git/annex/objects/Gp/Km/URL--http&c%%example.com%a&sb&ac&cd/URL--http&c%%example.com%a&sb&ac&cd",
                AnnexLink.target("u1.txt", URL));
    }

    @Test
    public void parsesItsOwnTargetsAndGitAnnexsLooserOnes() {
        assertEquals(SHA, AnnexLink.parse(AnnexLink.target("d1/d2/x.txt", SHA)).orElseThrow());
        assertEquals(URL, AnnexLink.parse(AnnexLink.target("a/u.txt", URL)).orElseThrow());
        // As git-annex lookupkey read these symlinks: the last component is the key.
        assertEquals("WORM-s3-m1--x", AnnexLink.parse("x/annex/objects/WORM-s3-m1--x").orElseThrow().toString());
        assertEquals("WORM-s3-m1--y", AnnexLink.parse("../.git/annex/objects/aa/bb/WORM-s3-m1--x/WORM-s3-m1--y")
                .orElseThrow().toString());
        assertFalse(AnnexLink.parse("annex/objects/WORM-s3-m1--x").isPresent());
    }

    @Test
    public void linksOutOfTheAnnexOrToHostileNamesAreNotAnnexLinks() {
        assertFalse(AnnexLink.parse("../etc/passwd").isPresent());
        assertFalse(AnnexLink.parse("../elsewhere/file").isPresent());
        assertFalse(AnnexLink.parse(".git/annex/objects/x/y/..").isPresent());
        assertFalse(AnnexLink.parse(".git/annex/objects/x/y/WORM-s1-m1--a&z").isPresent());
        assertFalse(AnnexLink.parse(".git/annex/objects/").isPresent());
    }
}
