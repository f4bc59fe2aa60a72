/**
 * git-annex's preferred-content and file-matching expressions ({@code git annex wanted}, {@code required},
 * {@code groupwanted}, {@code annex.largefiles}): parse once with {@link org.annex.assistant.core.match.Expression#parse},
 * evaluate many times against a {@link org.annex.assistant.core.match.Candidate} and the repository state in
 * {@link org.annex.assistant.core.match.RepoFacts}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.annex.assistant.core.match;
