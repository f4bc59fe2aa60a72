/** Small concurrency parts every bundle uses the same way: coalesced runs, named daemon threads. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.annex.assistant.api.concurrent;
