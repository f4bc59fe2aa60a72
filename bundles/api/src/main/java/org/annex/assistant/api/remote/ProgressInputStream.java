package org.annex.assistant.api.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An input stream that reports the running byte count to a {@link Remote.Progress}. */
public final class ProgressInputStream extends FilterInputStream {
    private final Remote.Progress progress;
    private long total;

    public ProgressInputStream(InputStream in, long start, Remote.Progress progress) {
        super(in);
        this.total = start;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            progress.bytes(++total);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            total += n;
            progress.bytes(total);
        }
        return n;
    }
}
