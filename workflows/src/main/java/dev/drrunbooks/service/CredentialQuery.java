package dev.drrunbooks.service;

import java.util.List;

/**
 * Verify the database credentials (plan 3.2 "验证数据库凭证"): log in with the secret's, run a trivial
 * query, look for the service's tables; then compare the connection settings in the service's env
 * file ({@code envFileUri}, read inside the activity) with the secret and the profile. Only
 * variable names ever come back, never a value.
 */
public record CredentialQuery(
    DatabaseTarget database, String envFileUri, EnvNames env, List<String> tables) {}
