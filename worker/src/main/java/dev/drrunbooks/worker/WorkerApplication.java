package dev.drrunbooks.worker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The Spring Boot application that hosts the runbook workflows and activities. */
@SpringBootApplication
@EnableConfigurationProperties(RunbookProperties.class)
public class WorkerApplication {}
