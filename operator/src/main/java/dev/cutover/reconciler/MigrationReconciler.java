package dev.cutover.reconciler;

import dev.cutover.api.Migration;
import dev.cutover.api.MigrationStatus;
import dev.cutover.flags.FlagConfigMap;
import dev.cutover.flags.WorkloadRollout;
import dev.cutover.jobs.JobTemplate;
import dev.cutover.jobs.WorkerJobs;
import dev.cutover.phase.ConditionState;
import dev.cutover.phase.Decision;
import dev.cutover.phase.EventReason;
import dev.cutover.phase.PhaseEngine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Observes a Migration and what it owns, asks the phase engine what to do, does it, and records
 * the outcome in the status. The rules live in the engine; this class only reads and writes.
 */
@ControllerConfiguration(name = MigrationReconciler.NAME)
// A failed reconcile (API server unreachable, a conflict) is retried for as long as it fails, with
// backoff up to five minutes: a migration must never be left unattended after a transient outage.
@GradualRetry(maxAttempts = -1, initialInterval = 2000, intervalMultiplier = 2, maxInterval = 300_000)
public final class MigrationReconciler implements Reconciler<Migration> {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationReconciler.class);
  public static final String NAME = "migration";

  private final MigrationObserver observer;
  private final PhaseEngine engine;
  private final MigrationActions actions;
  private final MigrationEvents events;
  private final Clock clock;
  private final Duration jobPollInterval;
  private final KubernetesSerialization serialization;
  private final MigrationEventSources sources;

  MigrationReconciler(
      MigrationObserver observer, PhaseEngine engine, MigrationActions actions, MigrationEvents events,
      Clock clock, Duration jobPollInterval, KubernetesSerialization serialization, MigrationEventSources sources) {
    this.observer = observer;
    this.engine = engine;
    this.actions = actions;
    this.events = events;
    this.clock = clock;
    this.jobPollInterval = jobPollInterval;
    this.serialization = serialization;
    this.sources = sources;
  }

  /** The reconciler with its collaborators on {@code client}. */
  public static MigrationReconciler create(KubernetesClient client, OperatorSettings settings) {
    return create(client, settings, new MigrationEventSources());
  }

  /** Reads come from the informers of {@code sources}, registered by {@link #prepareEventSources}. */
  static MigrationReconciler create(KubernetesClient client, OperatorSettings settings, MigrationEventSources sources) {
    CachedObjects cached = new CachedObjects(client, sources);
    FlagConfigMap flags = new FlagConfigMap(client, cached);
    WorkloadRollout rollout = new WorkloadRollout(client, cached, Clock.systemUTC());
    WorkerJobs jobs = new WorkerJobs(client, new JobTemplate(settings.workerImage()), cached);
    MigrationEvents events = new MigrationEvents(client);
    return new MigrationReconciler(
        new MigrationObserver(client, flags, rollout, jobs),
        new PhaseEngine(),
        new MigrationActions(flags, rollout, jobs, events),
        events,
        Clock.systemUTC(),
        settings.jobPollInterval(),
        client.getKubernetesSerialization(),
        sources);
  }

  @Override
  public List<EventSource<?, Migration>> prepareEventSources(EventSourceContext<Migration> context) {
    return sources.create(context);
  }

  /** The informers this reconciler reads: for tests that look at what is cached. */
  MigrationEventSources eventSources() {
    return sources;
  }

  @Override
  public UpdateControl<Migration> reconcile(Migration migration, Context<Migration> context) {
    MDC.put("resource.namespace", migration.getMetadata().getNamespace());
    MDC.put("resource.name", migration.getMetadata().getName());
    try {
      MigrationStatus before = copy(migration.getStatus());
      MigrationStatus status = copy(before);
      Instant now = clock.instant();
      ObservedMigration observed = observer.observe(migration, status, now);
      PreflightAndSequencesJobs.announce(migration, before, observed.status(), events);
      Decision decision = engine.decide(migration.getSpec(), status, observed.observation());
      actions.perform(migration, status, decision);
      decision.writeTo(status);
      LOG.debug("decided {} {} ({}): {}", status.phase, decision.step(), decision.reason(), decision.message());
      Duration requeue = requeueAfter(decision, status);
      if (!Objects.equals(serialization.asJson(before), serialization.asJson(status))) {
        writeStatus(migration, context, status);
      }
      return UpdateControl.<Migration>noUpdate().rescheduleAfter(requeue);
    } finally {
      MDC.remove("resource.namespace");
      MDC.remove("resource.name");
    }
  }

  /** While a Job runs, look again even if no pod event arrives; otherwise when the engine says. */
  private Duration requeueAfter(Decision decision, MigrationStatus status) {
    Duration engine = decision.requeueAfter().orElse(Duration.ofMinutes(5));
    boolean jobRunning = (status.backfill != null && status.backfill.state == dev.cutover.api.RunState.Running)
        || (status.verification != null && status.verification.state == dev.cutover.api.RunState.Running)
        || (status.preflight != null && status.preflight.state == dev.cutover.api.RunState.Running)
        || (status.sequences != null && status.sequences.state == dev.cutover.api.RunState.Running);
    return jobRunning && jobPollInterval.compareTo(engine) < 0 ? jobPollInterval : engine;
  }

  /**
   * A reconcile failed (the API server refused a write, a flag key collides, ...): say so in the
   * Degraded condition and an Event, and retry with the framework's backoff.
   */
  @Override
  public ErrorStatusUpdateControl<Migration> updateErrorStatus(Migration migration, Context<Migration> context, Exception e) {
    String message = ReconcileFailure.describe(e);
    LOG.warn("reconcile of Migration {}/{} failed: {}", migration.getMetadata().getNamespace(), migration.getMetadata().getName(), message);
    events.warning(migration, EventReason.ReconcileFailed, message);
    MigrationStatus status = copy(migration.getStatus());
    status.conditions = dev.cutover.phase.ConditionWriter.merge(status.conditions, List.of(
        new ConditionState(ConditionState.DEGRADED, ConditionState.Status.True, EventReason.ReconcileFailed.name(),
            message + " The operator retries with backoff; fix the cause named here.")),
        migration.getMetadata().getGeneration() == null ? 0 : migration.getMetadata().getGeneration(),
        clock.instant());
    try {
      writeStatus(migration, context, status);
    } catch (RuntimeException writeFailure) {
      LOG.warn("could not record the failure on Migration {}: {}", migration.getMetadata().getName(), ReconcileFailure.describe(writeFailure));
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * Replaces the whole status (PUT on /status, guarded by resourceVersion) and puts the result in
   * the informer cache, so that the next reconcile decides on the status just written and never on
   * an older one.
   */
  private static void writeStatus(Migration migration, Context<Migration> context, MigrationStatus status) {
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(migration, context, latest -> {
      latest.setStatus(status);
      return latest;
    });
  }

  private MigrationStatus copy(MigrationStatus status) {
    return status == null ? new MigrationStatus() : serialization.clone(status);
  }

}
