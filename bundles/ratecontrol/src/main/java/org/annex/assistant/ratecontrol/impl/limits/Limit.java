package org.annex.assistant.ratecontrol.impl.limits;

/**
 * A limit and the setting it comes from.
 *
 * @param bytesPerSecond 0 = unlimited
 * @param source the setting's name ({@code annex.bwlimit}, {@code org.annex.assistant.ratecontrol upload}, ...) or "none"
 */
public record Limit(long bytesPerSecond, String source) {
    public static final Limit NONE = new Limit(0, "none");
}
