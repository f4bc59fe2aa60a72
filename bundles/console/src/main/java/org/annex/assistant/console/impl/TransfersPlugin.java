package org.annex.assistant.console.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.transfer.TransferQueue;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The "Transfers" console page ({@code /system/console/annex-transfers}, JSON at
 * {@code .../annex-transfers/transfers.json}) and the Gogo command {@code annex:transfers}.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=annex-transfers",
        "felix.webconsole.title=Transfers",
        "felix.webconsole.category=annex-assistant",
        "osgi.command.scope=annex",
        "osgi.command.function=transfers"
})
public class TransfersPlugin extends AbstractServlet {
    private static final long serialVersionUID = 1L;

    /** Rows of the waiting queue shown; the count is always whole. */
    private static final int QUEUED_SHOWN = 100;

    @Reference
    private TransferMonitor monitor;

    /** The queues of the repositories served (one per daemon); none while the transfer bundle is stopped. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<TransferQueue> queues = new CopyOnWriteArrayList<>();

    Map<String, Object> transfers() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<TransferQueue.Transfer> waiting = queued();
        m.put("queuedCount", waiting.size());
        m.put("queued", waiting.stream().limit(QUEUED_SHOWN).map(TransfersPlugin::row).toList());
        m.put("running", monitor.running());
        m.put("finished", monitor.finished());
        return m;
    }

    private List<TransferQueue.Transfer> queued() {
        List<TransferQueue.Transfer> out = new ArrayList<>();
        for (TransferQueue q : queues) {
            out.addAll(q.queued());
        }
        return out;
    }

    private static Map<String, Object> row(TransferQueue.Transfer t) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("direction", t.direction.dirName());
        r.put("key", t.key.toString());
        r.put("file", t.file == null ? "" : t.file);
        r.put("remote", t.remote);
        r.put("size", t.key.size().orElse(-1));
        return r;
    }

    /** Gogo: {@code annex:transfers}. */
    public String transfers(Object... ignored) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> t : monitor.running()) {
            b.append(line(t)).append('\n');
        }
        b.append(monitor.running().size()).append(" running, ").append(queued().size()).append(" waiting, ")
                .append(monitor.finished().size()).append(" finished recently");
        return b.toString();
    }

    private static String line(Map<String, Object> t) {
        return t.get("direction") + " " + t.getOrDefault("file", t.get("key")) + " " + t.get("remote") + " "
                + percent(t);
    }

    private static String percent(Map<String, Object> t) {
        Object bytes = t.get("bytes");
        Object size = t.get("size");
        if (bytes instanceof Number && size instanceof Number && ((Number) size).longValue() > 0) {
            return (100 * ((Number) bytes).longValue() / ((Number) size).longValue()) + "%";
        }
        return bytes == null ? "" : bytes + " bytes";
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        String path = req.getPathInfo();
        if (path != null && path.endsWith("/transfers.json")) {
            Json.send(res, transfers());
            return;
        }
        super.doGet(req, res);
    }

    @Override
    public void renderContent(HttpServletRequest req, HttpServletResponse res) throws IOException {
        PrintWriter out = res.getWriter();
        table(out, "Running", monitor.running());
        List<TransferQueue.Transfer> waiting = queued();
        table(out, "Waiting (" + waiting.size() + (waiting.size() > QUEUED_SHOWN ? ", the first " + QUEUED_SHOWN + " shown" : "") + ")",
                waiting.stream().limit(QUEUED_SHOWN).map(TransfersPlugin::row).toList());
        table(out, "Finished recently", monitor.finished());
        out.println("<p>JSON: <a href='annex-transfers/transfers.json'>transfers.json</a></p>");
    }

    private static void table(PrintWriter out, String title, List<Map<String, Object>> rows) {
        out.println("<h2>" + title + "</h2><table class='tablelayout nicetable'><thead><tr><th>Direction</th>"
                + "<th>File</th><th>Remote</th><th>Progress</th><th>Result</th></tr></thead><tbody>");
        for (Map<String, Object> t : rows) {
            Object ok = t.get("ok");
            out.println("<tr><td>" + Html.escape(t.get("direction")) + "</td><td>" + Html.escape(t.getOrDefault("file", t.get("key")))
                    + "</td><td>" + Html.escape(t.get("remote")) + "</td><td>" + Html.escape(percent(t)) + "</td><td>"
                    + (ok == null ? "" : Boolean.TRUE.equals(ok) ? "ok" : "failed " + Html.escape(t.get(Topics.MESSAGE))) + "</td></tr>");
        }
        out.println("</tbody></table>");
    }
}
