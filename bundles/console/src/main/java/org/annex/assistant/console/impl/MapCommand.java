package org.annex.assistant.console.impl;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.netmap.NetworkMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo {@code annex:map}: each repository's network map and the plan from it to every repository, as
 * Graphviz DOT; {@code annex:map svg} as SVG (through Graphviz's {@code dot}).
 */
@Component(service = MapCommand.class, property = {"osgi.command.scope=annex", "osgi.command.function=map"})
public class MapCommand {
    /** By repository path. */
    private final Map<String, NetworkMap> maps = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindMap(NetworkMap map, Map<String, Object> props) {
        maps.put(String.valueOf(props.get(AnnexRepository.PROP_PATH)), map);
    }

    void unbindMap(NetworkMap map, Map<String, Object> props) {
        maps.remove(String.valueOf(props.get(AnnexRepository.PROP_PATH)), map);
    }

    public String map() {
        StringBuilder b = new StringBuilder();
        maps.forEach((path, m) -> b.append("// ").append(path).append('\n').append(m.dot()));
        return b.length() == 0 ? "no network map (is the netmap bundle running?)" : b.toString();
    }

    public String map(String format) throws IOException, InterruptedException {
        switch (format) {
            case "dot":
                return map();
            case "svg":
                StringBuilder b = new StringBuilder();
                for (Map.Entry<String, NetworkMap> e : maps.entrySet()) {
                    b.append("<!-- ").append(e.getKey().replace("--", "- -")).append(" -->\n").append(Graphviz.svg(e.getValue().dot()));
                }
                return b.toString();
            default:
                return "usage: annex:map [dot|svg]";
        }
    }
}
