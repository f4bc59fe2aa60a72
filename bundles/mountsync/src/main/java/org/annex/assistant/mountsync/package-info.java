/** Repositories found on mounted volumes: remotes that came back, and repositories offered as new remotes. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.annex.assistant.mountsync;
