package org.annex.assistant.console.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.mount.MountPoint;
import org.annex.assistant.api.mount.MountWatcher;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The "annex-assistant" page of the Web Console ({@code /system/console/annex}, JSON at
 * {@code /system/console/annex/status.json}) and the Gogo command {@code annex:status}. Its references
 * to platform variants are dynamic and greedy: swapping a mount watcher rebinds this same instance.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=annex",
        "felix.webconsole.title=annex-assistant",
        "felix.webconsole.category=annex-assistant",
        "osgi.command.scope=annex",
        "osgi.command.function=status"
})
public class StatusPlugin extends AbstractServlet {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final List<AnnexRepository> repositories = new CopyOnWriteArrayList<>();
    private volatile MountWatcher mountWatcher;
    private final List<String> mountWatcherHistory = new CopyOnWriteArrayList<>();
    private int instance;
    private Instant activated;

    @Activate
    void activate() {
        instance = INSTANCES.incrementAndGet();
        activated = Instant.now();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRepository(AnnexRepository r) {
        repositories.add(r);
    }

    void unbindRepository(AnnexRepository r) {
        repositories.remove(r);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMountWatcher(MountWatcher w) {
        mountWatcher = w;
        mountWatcherHistory.add("bound " + w.variant() + " at " + Instant.now());
    }

    void unbindMountWatcher(MountWatcher w) {
        if (mountWatcher == w) {
            mountWatcher = null;
        }
        mountWatcherHistory.add("unbound " + w.variant() + " at " + Instant.now());
    }

    Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("instance", instance);
        s.put("activated", activated.toString());
        List<Object> repos = new ArrayList<>();
        for (AnnexRepository r : repositories) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", r.workTree().toString());
            m.put("uuid", r.uuid());
            m.put("description", r.description());
            repos.add(m);
        }
        s.put("repositories", repos);
        MountWatcher w = mountWatcher;
        Map<String, Object> mounts = new LinkedHashMap<>();
        mounts.put("variant", w == null ? null : w.variant());
        List<String> points = new ArrayList<>();
        if (w != null) {
            for (MountPoint p : w.mounts()) {
                points.add(p.toString());
            }
        }
        mounts.put("mounts", points);
        mounts.put("history", new ArrayList<>(mountWatcherHistory));
        s.put("mountWatcher", mounts);
        return s;
    }

    /** Gogo: {@code annex:status}. */
    public String status(Object... ignored) {
        StringBuilder b = new StringBuilder();
        for (AnnexRepository r : repositories) {
            b.append("repository ").append(r.workTree()).append(" uuid ").append(r.uuid()).append('\n');
        }
        MountWatcher w = mountWatcher;
        b.append("mount watcher: ").append(w == null ? "none" : w.variant() + " (" + w.mounts().size() + " mounts)");
        return b.toString();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        String path = req.getPathInfo();
        if (path != null && path.endsWith("/status.json")) {
            setNoCache(res);
            res.setContentType("application/json");
            res.setCharacterEncoding("UTF-8");
            res.getWriter().write(Json.write(status()));
            return;
        }
        super.doGet(req, res);
    }

    @Override
    public void renderContent(HttpServletRequest req, HttpServletResponse res) throws IOException {
        PrintWriter out = res.getWriter();
        Map<String, Object> s = status();
        out.println("<div id='annex-status'><h2>Repositories</h2><table class='tablelayout nicetable'>"
                + "<thead><tr><th>Path</th><th>UUID</th><th>Description</th></tr></thead><tbody>");
        for (AnnexRepository r : repositories) {
            out.println("<tr><td>" + Html.escape(r.workTree().toString()) + "</td><td>" + Html.escape(r.uuid()) + "</td><td>"
                    + Html.escape(r.description()) + "</td></tr>");
        }
        out.println("</tbody></table>");
        MountWatcher w = mountWatcher;
        out.println("<h2>Mount watcher</h2><p>" + (w == null ? "none bound" : Html.escape(w.variant()) + ", "
                + w.mounts().size() + " mounts") + "</p>");
        out.println("<p>JSON: <a href='annex/status.json'>status.json</a> (instance " + s.get("instance") + ")</p></div>");
    }
}
