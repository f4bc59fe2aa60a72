package org.annex.assistant.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Test data read from the test classpath: each module keeps the files its tests read under
 * {@code src/test/resources/testdata/}, so a clone of this repository alone runs every test.
 * Names are classpath resource names without a leading slash, e.g. {@code testdata/git-annex/key-hashdirs.tsv}.
 */
public final class TestData {
    private TestData() {
    }

    /** Opens a resource; a missing one is a test setup error, named. */
    public static InputStream open(String resource) {
        InputStream in = loader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("test resource " + resource + " is not on the classpath");
        }
        return in;
    }

    public static String read(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a vector file, without the {@code #} comment lines that say where the vectors come from, nor blank ones. */
    public static List<String> dataLines(String resource) {
        List<String> lines = new ArrayList<>();
        for (String line : read(resource).split("\n", -1)) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Copies a resource to a file, e.g. a program a test runs. */
    public static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = open(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static ClassLoader loader() {
        // Surefire puts the test's own resources on the context class loader; our own is the fallback.
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : TestData.class.getClassLoader();
    }
}
