package dev.drrunbooks.worker;

import com.uber.m3.tally.Scope;
import dev.drrunbooks.activities.aws.AwsClients;
import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.notify.NotifyActivitiesImpl;
import dev.drrunbooks.activities.platform.ServiceChangesImpl;
import dev.drrunbooks.activities.platform.ServiceChecksImpl;
import dev.drrunbooks.activities.profile.ProfileActivitiesImpl;
import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.activities.sandbox.SandboxSyncData;
import dev.drrunbooks.activities.sandbox.SandboxWorld;
import dev.drrunbooks.activities.sync.GiteeHttpApi;
import dev.drrunbooks.activities.sync.JsonHttp;
import dev.drrunbooks.activities.sync.NotionHttpApi;
import dev.drrunbooks.activities.sync.SyncChecksImpl;
import dev.drrunbooks.activities.sync.Tokens;
import dev.drrunbooks.procedures.ProcedureCatalog;
import dev.drrunbooks.starter.RunbookDefaults;
import dev.drrunbooks.starter.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the activities to their platforms and registers everything on one task queue. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

  private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

  @Bean
  ProfileLoader profileLoader(RunbookProperties properties) {
    return new ProfileLoader(properties.profilesDir());
  }

  @Bean
  SandboxWorld sandboxWorld(RunbookProperties properties) {
    return new SandboxWorld(Clock.systemUTC(), properties.sandbox().deployTime());
  }

  @Bean
  Capabilities capabilities(SandboxWorld sandbox) {
    return new Capabilities(
        sandbox.capabilities(), region -> new AwsClients(region).capabilities(Clock.systemUTC()));
  }

  /** The server, namespace and security (TLS, mTLS, API key) the worker connects with. */
  @Bean
  TemporalConnection temporalConnection(RunbookProperties properties) {
    RunbookProperties.Temporal t = properties.temporal();
    return t.plaintext()
        ? TemporalConnection.plain(
            t.address() == null ? RunbookDefaults.ADDRESS : t.address(),
            t.namespace() == null ? RunbookDefaults.NAMESPACE : t.namespace())
        : TemporalConnection.fromEnvironment(t.address(), t.namespace());
  }

  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(TemporalConnection connection, Scope metrics) {
    return WorkflowServiceStubs.newServiceStubs(
        connection.stubsOptions().setMetricsScope(metrics).build());
  }

  @Bean
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalConnection connection) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(connection.namespace())
            .setContextPropagators(List.of(new StepLogContext()))
            .build());
  }

  @Bean
  WorkerFactory workerFactory(
      WorkflowClient client,
      RunbookProperties properties,
      ProfileLoader profiles,
      Capabilities platforms,
      SandboxWorld sandbox) {
    RunbookProperties.Tuning tuning = properties.temporal().tuning();
    WorkerFactoryOptions.Builder factoryOptions = WorkerFactoryOptions.newBuilder();
    if (tuning.workflowCacheSize() != null) {
      factoryOptions.setWorkflowCacheSize(tuning.workflowCacheSize());
    }
    WorkerFactory factory = WorkerFactory.newInstance(client, factoryOptions.build());
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (properties.temporal().stickyQueueTimeout() != null) {
      options.setStickyQueueScheduleToStartTimeout(properties.temporal().stickyQueueTimeout());
    }
    if (tuning.workflowTaskSlots() != null) {
      options.setMaxConcurrentWorkflowTaskExecutionSize(tuning.workflowTaskSlots());
    }
    if (tuning.activitySlots() != null) {
      options.setMaxConcurrentActivityExecutionSize(tuning.activitySlots());
    }
    if (tuning.workflowPollers() != null) {
      options.setMaxConcurrentWorkflowTaskPollers(tuning.workflowPollers());
    }
    if (tuning.activityPollers() != null) {
      options.setMaxConcurrentActivityTaskPollers(tuning.activityPollers());
    }
    Worker worker = factory.newWorker(properties.temporal().taskQueue(), options.build());
    ProcedureCatalog.WORKFLOW_IMPLEMENTATIONS.forEach(worker::registerWorkflowImplementationTypes);
    worker.registerActivitiesImplementations(
        new ProfileActivitiesImpl(profiles),
        new ServiceChecksImpl(platforms),
        new ServiceChangesImpl(platforms),
        new dev.drrunbooks.activities.platform.DnsRecordsImpl(platforms),
        new dev.drrunbooks.activities.platform.DatabaseReplicasImpl(platforms),
        dev.drrunbooks.activities.sandbox.SandboxBackups.seeded(
            sandbox,
            new dev.drrunbooks.activities.backup.BackupActivitiesImpl(
                platforms, profiles::schemaFile)),
        new dev.drrunbooks.activities.backup.DatabaseActivitiesImpl(platforms),
        new NotifyActivitiesImpl(),
        new dev.drrunbooks.activities.incident.IncidentReportsImpl(
            properties.reportsDir(), WorkerConfiguration::reportStore, publisher(properties)),
        new dev.drrunbooks.activities.doctor.DoctorActivitiesImpl(profiles),
        new dev.drrunbooks.activities.drill.DrillActivitiesImpl(client),
        new dev.drrunbooks.activities.sandbox.SandboxActivitiesImpl(sandbox),
        syncChecks(sandbox));
    return factory;
  }

  private static dev.drrunbooks.activities.aws.AwsReportStore reportStore(String region) {
    return new dev.drrunbooks.activities.aws.AwsReportStore(new AwsClients(region).s3());
  }

  /** Where drill reports are published besides the reports folder, from {@code runbook.publish}. */
  static dev.drrunbooks.activities.incident.ReportPublisher publisher(
      RunbookProperties properties) {
    RunbookProperties.Publish p = properties.publish();
    return new dev.drrunbooks.activities.incident.ReportPublisher(
        p.s3(),
        p.s3Region(),
        p.notionPage() == null
            ? null
            : new dev.drrunbooks.profile.ServiceProfile.Sync.Notion(
                p.notionApi(), p.notionTokenEnv(), null, p.notionVersion(), null, null, null, null),
        p.notionPage(),
        WorkerConfiguration::reportStore,
        new NotionHttpApi(
            JsonHttp.standard(new com.fasterxml.jackson.databind.ObjectMapper()), tokens()));
  }

  /** Tokens from the worker's environment, or Secrets Manager with the worker's AWS credentials. */
  private static Tokens tokens() {
    return new Tokens(
        System::getenv,
        region -> new dev.drrunbooks.activities.aws.AwsClients(region).secretsManager(),
        Clock.systemUTC());
  }

  /**
   * Gitee and Notion: simulated for sandbox profiles, the real APIs with the tokens from this
   * process's environment for the others.
   */
  private static SyncChecksImpl syncChecks(SandboxWorld sandbox) {
    SandboxSyncData simulated = new SandboxSyncData(sandbox);
    JsonHttp http = JsonHttp.standard(new com.fasterxml.jackson.databind.ObjectMapper());
    Tokens tokens = tokens();
    return new SyncChecksImpl(
        new SyncChecksImpl.Apis(simulated, simulated, sandbox.clock()),
        new SyncChecksImpl.Apis(
            new GiteeHttpApi(http, tokens), new NotionHttpApi(http, tokens), Clock.systemUTC()));
  }

  /** Starts polling once the context is up; on shutdown lets running activities finish briefly. */
  @Bean
  SmartLifecycle workerLifecycle(
      WorkerFactory factory, RunbookProperties properties, TemporalConnection connection) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        factory.start();
        running = true;
        log.info(
            "Runbook worker polling task queue '{}' on {}, profiles from {}",
            properties.temporal().taskQueue(),
            connection,
            properties.profilesDir().toAbsolutePath());
      }

      @Override
      public void stop() {
        factory.shutdown();
        factory.awaitTermination(10, TimeUnit.SECONDS);
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }
}
