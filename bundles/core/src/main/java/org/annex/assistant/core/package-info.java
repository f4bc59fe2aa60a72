/**
 * Entry points of the core bundle usable without OSGi services: {@link org.annex.assistant.core.AnnexInit}
 * (the launcher initialises a repository before the framework starts),
 * {@link org.annex.assistant.core.TransferInfoFiles} (git-annex compatible transfer info files),
 * {@link org.annex.assistant.core.OtherRepositories} (location logs of a repository we stored content in) and
 * {@link org.annex.assistant.core.FileLocks} (fcntl locks shared with git-annex, safe between daemons).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.annex.assistant.core;
