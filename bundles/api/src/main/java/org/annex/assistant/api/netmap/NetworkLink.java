package org.annex.assistant.api.netmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A directed "can send to" link of the network map: repository {@code from} has {@code to} as a remote.
 * Published by {@code from}'s daemon as one word of its line in {@code annex-assistant/netmap.log}:
 * {@code TO-UUID=cost:200,metered:0,up:1,bps:1250000} (bps 0: not measured).
 *
 * @param annexCost the remote's annex-cost
 * @param metered whether the remote's {@code annex-assistant-metered} setting says the link costs per byte
 * @param up whether the remote was reachable at the last try
 * @param bytesPerSecond throughput measured on transfers to it, 0 when none has been measured
 */
public record NetworkLink(String from, String to, double annexCost, boolean metered, boolean up, double bytesPerSecond) {
    private static final Pattern UUID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public NetworkLink {
        checkUuid(from);
        checkUuid(to);
        if (!(annexCost >= 0) || Double.isInfinite(annexCost) || !(bytesPerSecond >= 0) || Double.isInfinite(bytesPerSecond)) {
            throw new IllegalArgumentException("a link's cost and throughput are finite numbers >= 0: " + annexCost
                    + ", " + bytesPerSecond);
        }
    }

    /** The link as one word of its repository's netmap.log line. */
    public String format() {
        return to + "=cost:" + number(annexCost) + ",metered:" + (metered ? 1 : 0) + ",up:" + (up ? 1 : 0)
                + ",bps:" + number(bytesPerSecond);
    }

    /** One repository's line: its links' words, space-separated. */
    public static String formatAll(List<NetworkLink> links) {
        StringBuilder b = new StringBuilder();
        for (NetworkLink l : links) {
            b.append(b.length() == 0 ? "" : " ").append(l.format());
        }
        return b.toString();
    }

    /**
     * Parses one word published by {@code from}. Fields it does not know are ignored (a newer daemon may
     * publish more); cost is required.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static NetworkLink parse(String from, String word) {
        int eq = word.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("a link is UUID=fields, not '" + word + "'");
        }
        Double cost = null;
        boolean metered = false;
        boolean up = true;
        double bps = 0;
        for (String field : word.substring(eq + 1).split(",")) {
            int colon = field.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("a link field is name:value, not '" + field + "' in '" + word + "'");
            }
            String value = field.substring(colon + 1);
            switch (field.substring(0, colon)) {
                case "cost" -> cost = decimal(value, word);
                case "metered" -> metered = flag(value, word);
                case "up" -> up = flag(value, word);
                case "bps" -> bps = decimal(value, word);
                default -> { }
            }
        }
        if (cost == null) {
            throw new IllegalArgumentException("a link has a cost: '" + word + "'");
        }
        return new NetworkLink(from, word.substring(0, eq), cost, metered, up, bps);
    }

    /** Every well-formed link of a published line; a word that does not parse is left out, not fatal. */
    public static List<NetworkLink> parseAll(String from, String line, List<String> problems) {
        List<NetworkLink> links = new ArrayList<>();
        for (String word : line.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            try {
                links.add(parse(from, word));
            } catch (IllegalArgumentException e) {
                problems.add(from + ": " + e.getMessage());
            }
        }
        return links;
    }

    private static void checkUuid(String uuid) {
        if (uuid == null || !UUID.matcher(uuid).matches()) {
            throw new IllegalArgumentException("not a repository uuid: '" + uuid + "'");
        }
    }

    private static double decimal(String value, String word) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number in '" + word + "'");
        }
    }

    private static boolean flag(String value, String word) {
        return switch (value) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not 0 or 1 in '" + word + "'");
        };
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }
}
