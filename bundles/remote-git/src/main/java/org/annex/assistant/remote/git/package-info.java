/** Git remotes that are git-annex repositories reachable as a local path; everything is in {@code impl}. */
package org.annex.assistant.remote.git;
