package org.annex.assistant.console.impl.guard;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet filter in front of every HTTP context (the Felix Web Console's own pages, bundles and
 * configuration included, and ours), registered with the HTTP whiteboard: requests that do not come from
 * the console's own origin, or that name another host, are refused with 403 ({@link SameOrigin}).
 */
@Component(service = Filter.class, configurationPid = "org.annex.assistant.console.guard",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
                "osgi.http.whiteboard.filter.pattern=/*",
                "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=*)",
                "service.ranking:Integer=1000"
        })
@Designate(ocd = ConsoleRequestGuard.Config.class)
public class ConsoleRequestGuard implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRequestGuard.class);

    @ObjectClassDefinition(name = "annex-assistant console guard",
            description = "Refuses requests to the console from other origins (CSRF) or for other host names (DNS rebinding).")
    public @interface Config {
        @AttributeDefinition(description = "Host names the console may be reached by, beside the address it is bound to"
                + " (and localhost, 127.0.0.1, [::1] when bound to loopback or to every address)")
        String[] hostNames() default {};
    }

    private volatile SameOrigin check;

    @Activate
    @Modified
    void activate(BundleContext context, Config config) {
        String bind = context.getProperty("org.apache.felix.http.host");
        check = new SameOrigin(SameOrigin.namesFor(bind == null ? "0.0.0.0" : bind, Set.of(config.hostNames())));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        Optional<String> refusal = check.refusal(req.getMethod(), req.getScheme(), req.getHeader("Host"),
                req.getLocalPort(), req.getLocalAddr(), req.getHeader("Origin"), req.getHeader("Referer"));
        if (refusal.isPresent()) {
            LOG.warn("console: refused {} {} from {}: {}", req.getMethod(), req.getRequestURI(), req.getRemoteAddr(),
                    refusal.get());
            HttpServletResponse res = (HttpServletResponse) response;
            res.setStatus(HttpServletResponse.SC_FORBIDDEN);
            res.setContentType("text/plain;charset=UTF-8");
            res.getWriter().println("refused: " + refusal.get());
            return;
        }
        chain.doFilter(request, response);
    }
}
