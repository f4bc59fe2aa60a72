package org.annex.assistant.api.transfer;

/** Which way content moves, named as in {@code .git/annex/transfer/<direction>/}. */
public enum Direction {
    UPLOAD("upload"), DOWNLOAD("download");

    private final String dir;

    Direction(String dir) {
        this.dir = dir;
    }

    public String dirName() {
        return dir;
    }
}
