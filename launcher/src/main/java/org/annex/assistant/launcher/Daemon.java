package org.annex.assistant.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;


/** {@code annex-assistant run}: one Felix framework serving one repository, in the foreground. */
final class Daemon {
    /** Factory PID of the core bundle's AnnexRepository component: one configuration per repository. */
    static final String REPOSITORY_FACTORY_PID = "org.annex.assistant.core.repository";
    static final String CONSOLE_PATH = "/system/console/annex";

    private final Path home;
    private final Options options;

    Daemon(Path home, Options options) {
        this.home = home;
        this.options = options;
    }

    int run() throws LaunchException, IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path gitDir = Repositories.prepare(options.repo, options.defaultRepo);
        StateDir state = new StateDir(gitDir);
        state.create();
        FileLock lock = state.lock();
        // A daemon killed with -9 leaves these behind; they must not point anyone at a dead console.
        state.delete("console.url");
        state.delete("daemon.pid");
        int port = choosePort(state);
        Credentials credentials = Credentials.loadOrCreate(state.file(Credentials.FILE));
        FeatureSet features = FeatureSet.load(home.resolve("features"), home.resolve("bundles"),
                options.features.isEmpty() ? FeatureSet.defaults(home.resolve("features")) : options.features);

        Framework framework = newFramework(state, port, credentials);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework, state), "annex-assistant-shutdown"));
        try {
            framework.init();
            install(framework.getBundleContext(), features);
            framework.start();
            configure(framework.getBundleContext(), features);
            awaitRepository(framework.getBundleContext());
            awaitListening(port);
        } catch (BundleException | RuntimeException e) {
            stop(framework, state);
            throw new LaunchException(LaunchException.START_FAILED, "cannot start: " + e.getMessage());
        }
        String url = "http://" + urlHost() + ":" + port + CONSOLE_PATH;
        state.write("daemon.pid", ProcessHandle.current().pid() + "\n");
        state.write("http.port", port + "\n");
        state.write("console.url", url + "\n");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("annex-assistant running on " + options.repo + " (features " + String.join(",", features.names)
                + ", started in " + ms + " ms)");
        System.out.println("console: " + url);
        if (credentials.created) {
            System.out.println("console login (shown once; kept in " + state.file(Credentials.FILE) + "): "
                    + credentials.user + " / " + credentials.password);
        } else {
            System.out.println("console login: user " + credentials.user + ", password in " + state.file(Credentials.FILE));
        }
        System.out.flush();
        framework.waitForStop(0);
        lock.release();
        return 0;
    }

    /**
     * Port 0 takes a free port now; the launcher (not Jetty) picks it so it can report a busy port as a
     * clear error before anything starts.
     */
    private int choosePort(StateDir state) throws LaunchException {
        int wanted = options.httpPort != null ? options.httpPort : 0;
        InetAddress addr;
        try {
            addr = InetAddress.getByName(options.bind);
        } catch (IOException e) {
            throw new LaunchException(LaunchException.USAGE, "cannot use --bind " + options.bind + ": " + e.getMessage());
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(addr, wanted));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new LaunchException(LaunchException.PORT_IN_USE,
                    "port " + wanted + " on " + options.bind + " is in use (" + e.getMessage() + "); choose another with --http-port");
        }
    }

    private String urlHost() {
        return options.bind.equals("0.0.0.0") || options.bind.equals("::") ? "127.0.0.1" : options.bind;
    }

    private Framework newFramework(StateDir state, int port, Credentials credentials) throws IOException {
        Properties etc = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("etc").resolve("framework.properties"))) {
            etc.load(in);
        }
        Map<String, String> props = new HashMap<>();
        etc.forEach((k, v) -> props.put((String) k, (String) v));
        System.getProperties().forEach((k, v) -> {
            String key = (String) k;
            if (key.startsWith("org.osgi.") || key.startsWith("felix.") || key.startsWith("org.apache.felix.")
                    || key.startsWith("gosh.")) {
                props.put(key, (String) v);
            }
        });
        props.put(Constants.FRAMEWORK_STORAGE, state.file("felix-cache").toString());
        props.put("org.osgi.service.http.port", Integer.toString(port));
        props.put("org.apache.felix.http.host", options.bind);
        props.put("felix.webconsole.username", credentials.user);
        props.put("felix.webconsole.password", credentials.hashedPassword());
        props.put("annex.assistant.repository", options.repo.toString());
        if (options.shell) {
            props.put("gosh.args", "");
        }
        // JNA unpacks its native library; keep it in our own folder, not the user's cache.
        System.setProperty("jna.tmpdir", state.file("jna").toString());
        // Log lines carry the time to the millisecond: how long a change took to travel is read from them.
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        return factory.newFramework(props);
    }

    private static void install(BundleContext ctx, FeatureSet features) throws BundleException {
        for (FeatureSet.BundleRef ref : features.bundles) {
            Bundle b = ctx.installBundle(ref.jar.toUri().toString());
            b.adapt(BundleStartLevel.class).setStartLevel(ref.startOrder);
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
    }

    /**
     * Config Admin's classes belong to its bundle, not to this class loader, so they are reached through
     * the service's own interfaces by reflection.
     */
    private void configure(BundleContext ctx, FeatureSet features) throws LaunchException {
        Object admin = awaitService(ctx, "org.osgi.service.cm.ConfigurationAdmin", null, 10_000);
        if (admin == null) {
            throw new LaunchException(LaunchException.START_FAILED, "Configuration Admin did not start");
        }
        try {
            ClassLoader cl = admin.getClass().getClassLoader();
            Class<?> adminType = cl.loadClass("org.osgi.service.cm.ConfigurationAdmin");
            Class<?> configType = cl.loadClass("org.osgi.service.cm.Configuration");
            Method getConfiguration = adminType.getMethod("getConfiguration", String.class, String.class);
            Method getFactoryConfiguration = adminType.getMethod("getFactoryConfiguration", String.class, String.class, String.class);
            Method update = configType.getMethod("update", Dictionary.class);
            for (Map.Entry<String, Map<String, Object>> c : features.configurations.entrySet()) {
                String pid = c.getKey();
                int tilde = pid.indexOf('~');
                Object config = tilde > 0
                        ? getFactoryConfiguration.invoke(admin, pid.substring(0, tilde), pid.substring(tilde + 1), "?")
                        : getConfiguration.invoke(admin, pid, "?");
                update.invoke(config, new Hashtable<>(c.getValue()));
            }
            Hashtable<String, Object> repo = new Hashtable<>();
            repo.put("path", options.repo.toString());
            update.invoke(getFactoryConfiguration.invoke(admin, REPOSITORY_FACTORY_PID, "daemon", "?"), repo);
        } catch (ReflectiveOperationException e) {
            throw new LaunchException(LaunchException.START_FAILED, "cannot configure: " + e);
        }
    }

    /**
     * When the composition has the core bundle, the daemon is up only once the repository is open: a
     * repository that cannot be opened is a start failure, not a console without a repository.
     */
    private void awaitRepository(BundleContext ctx) throws LaunchException {
        boolean hasCore = false;
        for (Bundle b : ctx.getBundles()) {
            hasCore |= "org.annex.assistant.core".equals(b.getSymbolicName());
        }
        if (!hasCore) {
            return;
        }
        String filter = "(annex.path=" + options.repo.toString().replace("\\", "\\\\").replace("(", "\\(")
                .replace(")", "\\)").replace("*", "\\*") + ")";
        if (awaitService(ctx, "org.annex.assistant.api.annex.AnnexRepository", filter, 30_000) == null) {
            throw new LaunchException(LaunchException.START_FAILED, options.repo
                    + " could not be opened as a git-annex repository (see the log above)");
        }
    }

    static Object awaitService(BundleContext ctx, String type, String filter, long timeoutMs) {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            try {
                ServiceReference<?>[] refs = ctx.getServiceReferences(type, filter);
                if (refs != null) {
                    Object s = ctx.getService(refs[0]);
                    if (s != null) {
                        return s;
                    }
                }
                Thread.sleep(20);
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private void awaitListening(int port) throws LaunchException, InterruptedException {
        long end = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(urlHost(), port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new LaunchException(LaunchException.START_FAILED, "the web console did not start listening on port " + port);
    }

    private static void stop(Framework framework, StateDir state) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
                framework.waitForStop(15_000);
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("annex-assistant: error while stopping: " + e.getMessage());
        }
        state.delete("daemon.pid");
        state.delete("console.url");
    }
}
