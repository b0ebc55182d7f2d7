package dev.cutover.sandbox;

import dev.cutover.api.Migration;
import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import dev.cutover.jobs.JobOutcome;
import dev.cutover.jobs.JobTemplate;
import dev.cutover.jobs.WorkerJobs;
import dev.cutover.jobs.WorkerAttempt;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stand-in for the operator, for testing the sandbox on its own: it walks the phases in the
 * simplest way the design allows (flags, rollout, backfill, verification until it passes, read
 * ramp; a sequences Job before the target becomes primary), with the real Job code, and writes the
 * status and Events the sandbox prints (RepairStarted when a verification repairs).
 */
final class ScriptedOperator implements InProcessOperator {
  private static final String NS = Sandbox.NAMESPACE;
  private static final String NAME = SandboxManifests.MIGRATION;
  private final long rampMillis;
  private volatile boolean running = true;
  private KubernetesClient client;
  private WorkerJobs jobs;
  private JobTemplate template;

  ScriptedOperator(long rampMillis) {
    this.rampMillis = rampMillis;
  }

  @Override
  public AutoCloseable start(KubernetesClient client, String workerImage) {
    this.client = client;
    this.template = new JobTemplate(workerImage);
    this.jobs = new WorkerJobs(client, template);
    Thread thread = new Thread(this::loop, "scripted-operator");
    thread.setDaemon(true);
    thread.start();
    return () -> {
      running = false;
      thread.interrupt();
    };
  }

  private void loop() {
    try {
      while (running) {
        Migration migration = get();
        if (migration != null) {
          MigrationStatus status = migration.getStatus();
          if (status == null || status.phase == null) {
            flags(Phase.OLD, 0);
            status(Phase.OLD, Step.Complete, 0, null, null);
            event("Normal", "PhaseComplete", "phase old complete");
          } else if (status.phase.isBefore(migration.getSpec().phase)) {
            advance(status.phase.next());
          }
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void advance(Phase next) throws InterruptedException {
    event("Normal", "PhaseChanging", "moving to " + next);
    int readPercent = next == Phase.SHADOW ? 0 : 100;
    if (next == Phase.REVERSE_SHADOW && !succeeded(sequencesJob())) {
      status(Phase.SHADOW, Step.Failed, 100, verified(), "moving the sequences failed");
      return;
    }
    flags(next, readPercent);
    status(next, Step.WaitingForRollout, readPercent, null, null);
    client.apps().deployments().inNamespace(NS).withName(SandboxManifests.SERVER).edit(d -> {
      d.getSpec().getTemplate().getMetadata().getAnnotations().put("cutover.dev/flags-hash", next + "-" + readPercent);
      return d;
    });
    while (!rolledOut(client.apps().deployments().inNamespace(NS).withName(SandboxManifests.SERVER).get())) {
      Thread.sleep(100);
    }
    if (next == Phase.SHADOW) {
      status(next, Step.Backfilling, 0, null, null);
      if (!await(jobs.ensure(WorkerAttempt.backfill(get(), 1))).state().equals(dev.cutover.api.RunState.Succeeded)) {
        status(next, Step.Failed, 0, null, "backfill failed");
        return;
      }
      verifyUntilPassed(next);
      for (int percent : get().getSpec().readRamp.steps) {
        flags(next, percent);
        status(next, Step.Ramping, percent, "True", null);
        Thread.sleep(rampMillis);
      }
    }
    status(next, Step.Complete, 100, verified(), null);
    event("Normal", "PhaseComplete", "phase " + next + " complete");
  }

  private void verifyUntilPassed(Phase phase) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      status(phase, Step.Verifying, 0, verified(), null);
      Migration migration = get();
      long generation = migration.getMetadata().getGeneration();
      if (migration.getSpec().verification.repair) {
        event("Normal", "RepairStarted", "verification with --repair, attempt " + attempt);
      }
      JobOutcome outcome = await(jobs.ensure(WorkerAttempt.verify(migration, attempt)));
      if (Boolean.TRUE.equals(outcome.passed())) {
        status(phase, Step.Verifying, 0, "True", null);
        return;
      }
      status(phase, Step.Blocked, 0, "False", "verification found differences: " + outcome.message());
      event("Warning", "VerificationFailed", outcome.message());
      while (get().getMetadata().getGeneration() == generation) {
        Thread.sleep(100);
      }
    }
  }

  /**
   * A {@code sequences --to target} Job, built as the real Job code builds a verify Job (the worker
   * image, the manifest, the DSNs) with the sequences command as its arguments.
   */
  private Job sequencesJob() {
    Job job = template.build(WorkerAttempt.verify(get(), 1));
    job.getMetadata().setGenerateName(NAME + "-sequences-");
    job.getMetadata().getLabels().put(dev.cutover.api.CutoverConstants.LABEL_RUN, "sequences");
    var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> args = new java.util.ArrayList<>(container.getArgs().subList(0, 3));
    args.set(0, "sequences");
    args.addAll(List.of("--to", "target"));
    container.setArgs(args);
    return client.resource(job).inNamespace(NS).create();
  }

  /** Waits for a Job the operator's Job code does not know the kind of; true when it completed. */
  private boolean succeeded(Job job) throws InterruptedException {
    while (true) {
      Job current = client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get();
      if (JobOutcome.isFinished(current)) {
        return current.getStatus().getConditions().stream()
            .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
      }
      Thread.sleep(100);
    }
  }

  private JobOutcome await(Job job) throws InterruptedException {
    while (true) {
      Job current = client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get();
      if (JobOutcome.isFinished(current)) {
        return jobs.outcome(current);
      }
      Thread.sleep(100);
    }
  }

  private String verified() {
    MigrationStatus status = get().getStatus();
    return status == null ? null : status.conditions.stream().filter(c -> c.getType().equals("Verified"))
        .map(c -> c.getStatus()).findFirst().orElse(null);
  }

  private Migration get() {
    return client.resources(Migration.class).inNamespace(NS).withName(NAME).get();
  }

  private void flags(Phase phase, int readPercent) {
    ServerFlags flags = new ServerFlags(phase.isBefore(Phase.REVERSE_SHADOW) ? Side.SOURCE : Side.TARGET,
        phase == Phase.SHADOW || phase == Phase.REVERSE_SHADOW, readPercent);
    client.configMaps().inNamespace(NS).withName(SandboxManifests.FLAGS_CONFIG_MAP).edit(c -> {
      c.getData().putAll(flags.asData());
      return c;
    });
  }

  private void status(Phase phase, Step step, int readPercent, String verified, String message) {
    Migration current = get();
    MigrationStatus status = new MigrationStatus();
    status.phase = phase;
    status.step = step;
    status.readPercent = readPercent;
    status.message = message;
    status.observedGeneration = current.getMetadata().getGeneration();
    if (verified != null) {
      status.conditions = List.of(new ConditionBuilder().withType("Verified").withStatus(verified)
          .withReason(verified.equals("True") ? "Passed" : "MismatchesFound").withMessage("")
          .withLastTransitionTime(Instant.now().toString()).build());
    }
    Migration patch = new Migration();
    patch.getMetadata().setName(NAME);
    patch.getMetadata().setNamespace(NS);
    patch.setStatus(status);
    client.resources(Migration.class).inNamespace(NS).withName(NAME).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private void event(String type, String reason, String message) {
    Migration migration = get();
    client.v1().events().inNamespace(NS).resource(new EventBuilder()
        .withNewMetadata().withName(NAME + "." + UUID.randomUUID()).endMetadata()
        .withNewInvolvedObject().withKind("Migration").withName(NAME).withNamespace(NS)
        .withUid(migration.getMetadata().getUid()).endInvolvedObject()
        .withType(type).withReason(reason).withMessage(message).withCount(1)
        .withLastTimestamp(Instant.now().toString()).build()).create();
  }

  static boolean rolledOut(Deployment deployment) {
    var status = deployment.getStatus();
    int replicas = deployment.getSpec().getReplicas();
    return status != null && status.getObservedGeneration() != null
        && status.getObservedGeneration() >= deployment.getMetadata().getGeneration()
        && status.getUpdatedReplicas() != null && status.getUpdatedReplicas() == replicas;
  }
}
