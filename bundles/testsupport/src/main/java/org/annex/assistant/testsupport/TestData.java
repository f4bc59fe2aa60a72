package org.annex.assistant.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared test data: the steering repository's {@code shared/testdata}, which lies beside the
 * project checkout (in CI too), so it is searched for upwards from the working directory.
 */
public final class TestData {
    private TestData() {
    }

    public static Path root() {
        String configured = System.getProperty("annex.testdata");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("testdata");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/testdata not found above " + Path.of("").toAbsolutePath()
                + "; set -Dannex.testdata=DIR");
    }

    public static Path file(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }
}
