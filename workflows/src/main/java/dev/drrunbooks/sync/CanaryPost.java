package dev.drrunbooks.sync;

import java.time.Instant;

/**
 * The canary comment on Gitee: the issue it went to ({@code owner/repo#number}), its marker, and
 * when Gitee recorded it. {@code posted} is false when a comment with the same marker was already
 * there (a retried activity posts nothing twice).
 */
public record CanaryPost(String key, String marker, Instant postedAt, boolean posted) {}
