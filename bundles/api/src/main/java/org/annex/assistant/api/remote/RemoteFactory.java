package org.annex.assistant.api.remote;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import org.annex.assistant.api.annex.AnnexRepository;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes {@link Remote}s of one type. The transfer bundle asks every factory for each remote named in git
 * config; the first that recognises the configuration makes it. Service property {@link #TYPE} names the type.
 */
@ConsumerType
public interface RemoteFactory {
    String TYPE = "annex.remote.type";

    /**
     * @param config the remote's git config ({@code remote.NAME.*} without the prefix) merged with its
     *        remote.log fields
     * @return the remote, or empty if this factory does not handle this configuration
     * @throws IOException with a clear message if the configuration is this factory's but wrong
     */
    Optional<Remote> create(AnnexRepository repository, String name, Map<String, String> config) throws IOException;
}
