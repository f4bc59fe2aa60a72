package org.annex.assistant.api.remote;

/**
 * The fixed identity of a remote, for {@link Remote} implementations whose name, UUID and cost are settled
 * when the remote is made.
 */
public abstract class AbstractRemote implements Remote {
    private final String name;
    private final String uuid;
    private final int cost;

    protected AbstractRemote(String name, String uuid, int cost) {
        this.name = name;
        this.uuid = uuid;
        this.cost = cost;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String uuid() {
        return uuid;
    }

    @Override
    public final int cost() {
        return cost;
    }
}
