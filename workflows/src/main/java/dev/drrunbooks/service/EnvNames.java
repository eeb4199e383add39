package dev.drrunbooks.service;

/** The variables of the service's env file that hold its database connection settings. */
public record EnvNames(String hostVar, String userVar, String passwordVar) {}
