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
import org.annex.assistant.api.rate.RateController;
import org.annex.assistant.api.rate.RateStatus;
import org.annex.assistant.gitsync.GitSync;
import org.annex.assistant.gitsync.RefusedCommit;
import org.annex.assistant.gitsync.RemoteStatus;
import org.annex.assistant.mountsync.FoundRepository;
import org.annex.assistant.mountsync.MountedRepositories;
import org.annex.assistant.watcher.WatchStatus;
import org.annex.assistant.watcher.WorkTreeWatchers;
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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GitSync gitSync;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WorkTreeWatchers watchers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RateController rates;
    private volatile MountedRepositories mounted;
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
            m.put("remotes", remotes(r));
            m.put("refusedCommits", refused(r));
            m.put("watcher", watcher(r));
            m.put("onMountedVolumes", onMountedVolumes(r));
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
        s.put("rates", rates());
        return s;
    }

    /** Every limit in force and the rate under it (bytes per second; limit 0 = unlimited); empty without a rate controller. */
    private List<Object> rates() {
        List<Object> out = new ArrayList<>();
        RateController c = rates;
        if (c == null) {
            return out;
        }
        for (RateStatus r : c.status()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("repository", r.repository());
            m.put("remote", r.remote());
            m.put("direction", r.direction().dirName());
            m.put("limit", r.limit());
            m.put("rate", r.rate());
            m.put("source", r.source());
            out.add(m);
        }
        return out;
    }

    /** Per remote: whether the last push reached it, when, and the last error (an unreachable remote shows here). */
    private List<Object> remotes(AnnexRepository r) {
        List<Object> out = new ArrayList<>();
        GitSync g = gitSync;
        if (g == null) {
            return out;
        }
        for (RemoteStatus s : g.status(r.workTree()).values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.remote());
            m.put("url", s.url());
            m.put("reachable", s.reachable());
            m.put("lastPush", s.lastPush().map(Instant::toString).orElse(null));
            m.put("lastError", s.lastError().orElse(null));
            out.add(m);
        }
        return out;
    }

    /** Problems: commits from other repositories refused for paths git would not check out. */
    private List<Object> refused(AnnexRepository r) {
        List<Object> out = new ArrayList<>();
        GitSync g = gitSync;
        if (g == null) {
            return out;
        }
        for (RefusedCommit c : g.refusedCommits(r.workTree())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("remote", c.remote());
            m.put("ref", c.ref());
            m.put("commit", c.commit());
            m.put("paths", c.paths());
            m.put("when", c.when().toString());
            out.add(m);
        }
        return out;
    }

    /**
     * The git-annex repositories on mounted volumes, as this repository sees them: its remotes there, and the
     * others, offered as remotes to add ({@code offered}).
     */
    private List<Object> onMountedVolumes(AnnexRepository r) {
        List<Object> out = new ArrayList<>();
        MountedRepositories m = mounted;
        if (m == null) {
            return out;
        }
        for (FoundRepository f : m.found()) {
            if (f.repository().equals(r.workTree().toAbsolutePath().normalize())) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("location", f.location().toString());
                e.put("uuid", f.uuid());
                e.put("mountPoint", f.mountPoint());
                e.put("remote", f.remote());
                e.put("atRemoteUrl", f.atRemoteUrl());
                e.put("offered", f.offered());
                e.put("knownInNetwork", f.known());
                out.add(e);
            }
        }
        return out;
    }

    /** The watcher of a repository: watched and unwatched folders (watch limit), pending changes, last commit. */
    private Map<String, Object> watcher(AnnexRepository r) {
        WorkTreeWatchers w = watchers;
        Map<String, Object> m = new LinkedHashMap<>();
        if (w == null) {
            return m;
        }
        for (WatchStatus s : w.status()) {
            if (s.workTree().equals(r.workTree().toString())) {
                m.put("watchedDirectories", s.watchedDirectories());
                m.put("unwatchedDirectories", s.unwatchedDirectories());
                m.put("pendingChanges", s.pendingChanges());
                m.put("lastCommit", s.lastCommit().orElse(null));
                m.put("lastCommitTime", s.lastCommitTime().map(Instant::toString).orElse(null));
                m.put("commits", s.commits());
            }
        }
        return m;
    }

    /** Gogo: {@code annex:status}. */
    public String status(Object... ignored) {
        StringBuilder b = new StringBuilder();
        for (AnnexRepository r : repositories) {
            b.append("repository ").append(r.workTree()).append(" uuid ").append(r.uuid()).append('\n');
            for (Object o : remotes(r)) {
                Map<?, ?> m = (Map<?, ?>) o;
                b.append("  remote ").append(m.get("name")).append(Boolean.TRUE.equals(m.get("reachable")) ? " reachable" : " UNREACHABLE")
                        .append(m.get("lastError") == null ? "" : ": " + m.get("lastError")).append('\n');
            }
            for (Object o : refused(r)) {
                Map<?, ?> m = (Map<?, ?>) o;
                b.append("  PROBLEM: refused commit ").append(m.get("commit")).append(" from ").append(m.get("remote"))
                        .append(": paths git would not check out ").append(m.get("paths")).append('\n');
            }
            Map<String, Object> w = watcher(r);
            if (!w.isEmpty()) {
                b.append("  watching ").append(w.get("watchedDirectories")).append(" folders, ")
                        .append(((List<?>) w.get("unwatchedDirectories")).size()).append(" unwatched (scanned periodically), ")
                        .append(w.get("pendingChanges")).append(" changes pending\n");
            }
        }
        MountWatcher w = mountWatcher;
        b.append("mount watcher: ").append(w == null ? "none" : w.variant() + " (" + w.mounts().size() + " mounts)");
        return b.toString();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        String path = req.getPathInfo();
        if (path != null && path.endsWith("/status.json")) {
            Json.send(res, status());
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
        for (AnnexRepository r : repositories) {
            out.println("<h2>Remotes of " + Html.escape(r.workTree()) + "</h2><table class='tablelayout nicetable'>"
                    + "<thead><tr><th>Remote</th><th>URL</th><th>Reachable</th><th>Last push</th><th>Last error</th></tr></thead><tbody>");
            for (Object o : remotes(r)) {
                Map<?, ?> m = (Map<?, ?>) o;
                out.println("<tr><td>" + Html.escape(m.get("name")) + "</td><td>" + Html.escape(m.get("url")) + "</td><td>"
                        + (Boolean.TRUE.equals(m.get("reachable")) ? "yes" : "<b>no</b>") + "</td><td>" + Html.escape(m.get("lastPush"))
                        + "</td><td>" + Html.escape(m.get("lastError")) + "</td></tr>");
            }
            out.println("</tbody></table>");
            List<Object> refused = refused(r);
            if (!refused.isEmpty()) {
                out.println("<h2>Problems</h2><p>Commits other repositories sent whose trees hold paths git would not check"
                        + " out (a <code>.git</code> folder in some spelling, <code>..</code>, a <code>.gitmodules</code> symlink)."
                        + " Nothing of them was written; they are not merged.</p><table class='tablelayout nicetable'>"
                        + "<thead><tr><th>From</th><th>Commit</th><th>Paths</th><th>When</th></tr></thead><tbody>");
                for (Object o : refused) {
                    Map<?, ?> m = (Map<?, ?>) o;
                    out.println("<tr><td>" + Html.escape(m.get("remote")) + "</td><td>" + Html.escape(m.get("commit")) + "</td><td>"
                            + Html.escape(m.get("paths")) + "</td><td>" + Html.escape(m.get("when")) + "</td></tr>");
                }
                out.println("</tbody></table>");
            }
            Map<String, Object> w = watcher(r);
            List<?> unwatched = (List<?>) w.getOrDefault("unwatchedDirectories", List.of());
            out.println("<p>Watching " + Html.escape(w.get("watchedDirectories")) + " folders; " + Html.escape(w.get("pendingChanges"))
                    + " changes pending; last commit " + Html.escape(w.get("lastCommit")) + "</p>");
            if (!unwatched.isEmpty()) {
                out.println("<p><b>" + unwatched.size() + " folders are not watched</b> (the inotify watch limit was reached;"
                        + " they are scanned periodically). Raise the limit: <code>sysctl fs.inotify.max_user_watches=524288</code></p>");
            }
            for (Object o : onMountedVolumes(r)) {
                Map<?, ?> f = (Map<?, ?>) o;
                String where = Html.escape(f.get("location")) + " (uuid " + Html.escape(f.get("uuid")) + ")";
                out.println("<p>On a mounted volume: " + where + (Boolean.TRUE.equals(f.get("offered"))
                        ? ", not a remote: add it with <code>git remote add NAME " + Html.escape(f.get("location")) + "</code>"
                        : ", remote " + Html.escape(f.get("remote")) + (Boolean.TRUE.equals(f.get("atRemoteUrl")) ? ", synced"
                                : ": its url leads elsewhere; <code>git remote set-url " + Html.escape(f.get("remote")) + " "
                                        + Html.escape(f.get("location")) + "</code>")) + "</p>");
            }
        }
        MountWatcher w = mountWatcher;
        out.println("<h2>Mount watcher</h2><p>" + (w == null ? "none bound" : Html.escape(w.variant()) + ", "
                + w.mounts().size() + " mounts") + "</p>");
        out.println("<p>JSON: <a href='annex/status.json'>status.json</a> (instance " + s.get("instance") + ")</p></div>");
    }
}
