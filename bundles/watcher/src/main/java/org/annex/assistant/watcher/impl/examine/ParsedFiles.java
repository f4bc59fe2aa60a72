package org.annex.assistant.watcher.impl.examine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small configuration files (.gitattributes, .gitignore) parsed once and parsed again only when their
 * size or modification time changes: the watcher asks about them for every file it sees.
 */
final class ParsedFiles<T> {
    /** Parses a file's content. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(Path file, InputStream in) throws IOException;
    }

    private static final class Cached<T> {
        final long mtime;
        final long size;
        final T value;

        Cached(long mtime, long size, T value) {
            this.mtime = mtime;
            this.size = size;
            this.value = value;
        }
    }

    private final Parser<T> parser;
    private final Map<Path, Cached<T>> cache = new ConcurrentHashMap<>();

    ParsedFiles(Parser<T> parser) {
        this.parser = parser;
    }

    /** The parsed file, or null if it does not exist or cannot be read. */
    T get(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            cache.remove(file);
            return null;
        } catch (IOException e) {
            return null;
        }
        long mtime = a.lastModifiedTime().toMillis();
        Cached<T> c = cache.get(file);
        if (c != null && c.mtime == mtime && c.size == a.size()) {
            return c.value;
        }
        T value;
        try (InputStream in = Files.newInputStream(file)) {
            value = parser.parse(file, in);
        } catch (IOException e) {
            return null;
        }
        cache.put(file, new Cached<>(mtime, a.size(), value));
        return value;
    }
}
