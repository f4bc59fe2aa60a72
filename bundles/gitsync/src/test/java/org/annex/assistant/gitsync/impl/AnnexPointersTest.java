package org.annex.assistant.gitsync.impl;

import static org.junit.Assert.assertEquals;

import org.annex.assistant.api.annex.Key;
import org.junit.Test;

public class AnnexPointersTest {
    private static final Key FROM_B =
            Key.parse("SHA256E-s6--b3348a830ad01428d879b6caa3c4698537db24768f5291972a2c56beff901c82.txt");

    @Test
    public void variantNamesAsGitAnnexMakesThem() {
        // Names from a real `git annex sync` conflict (formats doc §5).
        assertEquals("c.variant-47da.txt", AnnexPointers.variantPath("c.txt", FROM_B));
        assertEquals("d/e/c.variant-47da.txt", AnnexPointers.variantPath("d/e/c.txt", FROM_B));
        assertEquals("v.tar.variant-47da.gz", AnnexPointers.variantPath("v.tar.gz", FROM_B));
        assertEquals("noext.variant-47da", AnnexPointers.variantPath("noext", FROM_B));
        assertEquals(".variant-47da.hidden", AnnexPointers.variantPath(".hidden", FROM_B));
    }
}
