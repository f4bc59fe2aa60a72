package org.annex.assistant.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code install-service}: a systemd user unit on Linux, a launchd agent on macOS. */
final class ServiceUnit {
    private ServiceUnit() {
    }

    static Path install(Path home, Path repo) throws LaunchException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path exe = home.resolve("bin").resolve("annex-assistant");
        try {
            if (os.contains("mac")) {
                Path file = Path.of(System.getProperty("user.home"), "Library", "LaunchAgents",
                        "org.annex.assistant." + unitName(repo) + ".plist");
                write(file, launchdPlist(exe, repo));
                return file;
            }
            String xdg = System.getenv("XDG_CONFIG_HOME");
            Path config = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
            Path file = config.resolve("systemd").resolve("user").resolve("annex-assistant-" + unitName(repo) + ".service");
            write(file, systemdUnit(exe, repo));
            return file;
        } catch (IOException e) {
            throw new LaunchException(LaunchException.NOT_WRITABLE, "cannot write the service file: " + StateDir.reason(e));
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static String systemdUnit(Path exe, Path repo) {
        return "[Unit]\n"
                + "Description=annex-assistant sync daemon for " + repo + "\n"
                + "Wants=network-online.target\n"
                + "After=network-online.target\n\n"
                + "[Service]\n"
                + "Type=simple\n"
                + "ExecStart=" + quote(exe) + " run --repo " + quote(repo) + "\n"
                + "ExecStop=" + quote(exe) + " stop --repo " + quote(repo) + "\n"
                + "Restart=on-failure\n"
                + "RestartSec=10\n"
                + "TimeoutStopSec=30\n\n"
                + "[Install]\n"
                + "WantedBy=default.target\n";
    }

    /** systemd's quoting: double quotes, with backslash, quote and the specifier % escaped. */
    private static String quote(Path p) {
        String s = p.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%");
        return "\"" + s + "\"";
    }

    private static String launchdPlist(Path exe, Path repo) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                + "<plist version=\"1.0\"><dict>\n"
                + "  <key>Label</key><string>org.annex.assistant." + xml(unitName(repo)) + "</string>\n"
                + "  <key>ProgramArguments</key><array><string>" + xml(exe.toString()) + "</string><string>run</string>"
                + "<string>--repo</string><string>" + xml(repo.toString()) + "</string></array>\n"
                + "  <key>RunAtLoad</key><true/>\n"
                + "  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>\n"
                + "</dict></plist>\n";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The path escaped as systemd-escape --path does, so each repository gets its own unit. */
    static String unitName(Path repo) {
        String p = repo.toAbsolutePath().normalize().toString();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == ':' || c == '_' || (c == '.' && i > 0);
            if (c == '/') {
                b.append('-');
            } else if (plain) {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return b.toString();
    }
}
