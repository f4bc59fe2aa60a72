/** What the work-tree watcher shows about itself (for the console). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.annex.assistant.watcher;
