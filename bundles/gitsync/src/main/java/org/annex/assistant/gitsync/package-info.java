/** Git-level sync of annex repositories: status of every remote, and a way to ask for a sync now. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.annex.assistant.gitsync;
