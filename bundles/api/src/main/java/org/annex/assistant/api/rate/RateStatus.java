package org.annex.assistant.api.rate;

import org.annex.assistant.api.transfer.Direction;

/**
 * One limit in force and what moved under it, for the console.
 *
 * @param repository the repository's work tree, or null for a daemon-wide limit
 * @param remote the remote's name, or null for a daemon-wide limit
 * @param direction which way it limits
 * @param limit bytes per second, 0 = unlimited
 * @param rate bytes per second moved over the last full second
 * @param source where the limit comes from ({@code annex.bwlimit}, {@code remote.NAME.annex-bwlimit-upload},
 *        the Config Admin PID, ...), or "none"
 * @since 1.1
 */
public record RateStatus(String repository, String remote, Direction direction, long limit, long rate, String source) {
}
