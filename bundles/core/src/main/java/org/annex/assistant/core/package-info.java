/**
 * Entry points of the core bundle usable without OSGi services: {@link org.annex.assistant.core.AnnexInit}
 * (the launcher initialises a repository before the framework starts) and
 * {@link org.annex.assistant.core.TransferInfoFiles} (git-annex compatible transfer info files).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.annex.assistant.core;
