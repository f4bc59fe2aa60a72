package org.annex.assistant.console.impl;

/** Escapes text for HTML element content and single-quoted attributes. */
final class Html {
    private Html() {
    }

    static String escape(Object o) {
        if (o == null) {
            return "";
        }
        return o.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
