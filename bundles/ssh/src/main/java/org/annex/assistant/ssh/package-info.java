/** Shared SSH connections: one per user@host:port, used by git transports and by exec channels alike. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.annex.assistant.ssh;
