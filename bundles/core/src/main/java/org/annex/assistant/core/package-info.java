/**
 * Entry points of the core bundle: {@link org.annex.assistant.core.AnnexInit} (the launcher initialises a
 * repository before the framework starts), {@link org.annex.assistant.core.LocalAnnex} (a repository opened
 * without OSGi, for tests and tools), {@link org.annex.assistant.core.NeighbourRepositories} (other local
 * repositories, opened once and shared, and their location logs), {@link org.annex.assistant.core.TransferInfoFiles}
 * (git-annex compatible transfer info files) and {@link org.annex.assistant.core.FileLocks} (fcntl locks shared
 * with git-annex, safe between daemons); {@link org.annex.assistant.core.RemoteUrls} (which remote urls name a
 * local path).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.annex.assistant.core;
