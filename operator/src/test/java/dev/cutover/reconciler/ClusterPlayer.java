package dev.cutover.reconciler;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.WorkerResult;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Plays, against the in-process API server, what a cluster would do: the Deployment controller
 * finishing a rollout once the pod template changed, and the Job controller and kubelet running the
 * worker Jobs the operator creates, with results the test chooses.
 */
final class ClusterPlayer implements AutoCloseable {
  /** What a worker Job ends with: exit code and termination message. */
  record WorkerExit(int exitCode, WorkerResult result) {}

  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  private final Set<String> finishedJobs = ConcurrentHashMap.newKeySet();
  volatile boolean rolloutsFinish = true;
  volatile boolean jobsRun = true;
  volatile Function<Job, WorkerExit> backfill = job -> new WorkerExit(0, backfillResult(Map.of("teas", 100L, "tags", 20L)));
  volatile Function<Job, WorkerExit> verify = job -> new WorkerExit(0, verifyResult("teas", 100, 0));
  volatile Function<Job, WorkerExit> preflight = job -> new WorkerExit(0, preflightResult());
  volatile Function<Job, WorkerExit> sequences = job -> new WorkerExit(0, sequencesResult(sequencesTo(job)));
  /** The worker commands of the Jobs run so far, in order, as {@code sequences --to target}. */
  final List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** How long ago verification Jobs report they finished (as if the operator had been away). */
  volatile java.time.Duration verifyFinishedAgo = java.time.Duration.ZERO;

  ClusterPlayer(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    loop.scheduleWithFixedDelay(this::tick, 100, 200, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      if (rolloutsFinish) {
        client.apps().deployments().inNamespace(namespace).list().getItems().forEach(this::finishRollout);
      }
      if (jobsRun) {
        for (Job job : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
          if (!finishedJobs.contains(job.getMetadata().getUid())) {
            String run = job.getMetadata().getLabels().get(CutoverConstants.LABEL_RUN);
            Function<Job, WorkerExit> worker = switch (run) {
              case "backfill" -> backfill;
              case "preflight" -> preflight;
              case "sequences" -> sequences;
              default -> verify;
            };
            ran.add(run + ("sequences".equals(run) ? " --to " + sequencesTo(job) : ""));
            finish(job, worker.apply(job));
          }
        }
      }
    } catch (RuntimeException e) {
      // The next tick tries again, as a controller would.
    }
  }

  /** The Deployment controller: a new generation (the operator stamped the template) rolls out. */
  private void finishRollout(Deployment deployment) {
    long generation = deployment.getMetadata().getGeneration() == null ? 1L : deployment.getMetadata().getGeneration();
    if (deployment.getStatus() != null && Objects.equals(deployment.getStatus().getObservedGeneration(), generation)) {
      return;
    }
    int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    deployment.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(generation)
        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
        .build());
    client.resource(deployment).updateStatus();
  }

  /** Runs the Job to its end: a pod with the worker's exit and result, then the Job's status. */
  void finish(Job job, WorkerExit exit) {
    String jobName = job.getMetadata().getName();
    boolean verification = "verify".equals(job.getMetadata().getLabels().get(CutoverConstants.LABEL_RUN));
    String now = Instant.now().minus(verification ? verifyFinishedAgo : java.time.Duration.ZERO)
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    Pod pod = new PodBuilder()
        .withNewMetadata()
        .withName(jobName + "-" + Long.toHexString(System.nanoTime()))
        .withNamespace(namespace)
        .addToLabels(job.getSpec().getTemplate().getMetadata().getLabels())
        .addToLabels("job-name", jobName)
        .addToLabels("batch.kubernetes.io/job-name", jobName)
        .addToLabels("batch.kubernetes.io/controller-uid", job.getMetadata().getUid())
        .addToAnnotations("batch.kubernetes.io/job-completion-index", "0")
        .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(jobName)
        .withUid(job.getMetadata().getUid()).withController(true).endOwnerReference()
        .endMetadata()
        .withNewStatus()
        .withPhase(exit.exitCode() == 0 ? "Succeeded" : "Failed")
        .withContainerStatuses(new ContainerStatusBuilder()
            .withName(CutoverConstants.WORKER_CONTAINER)
            .withNewState().withNewTerminated()
            .withExitCode(exit.exitCode()).withReason(exit.exitCode() == 0 ? "Completed" : "Error")
            .withMessage(exit.result() == null ? null : client.getKubernetesSerialization().asJson(exit.result()))
            .withFinishedAt(now)
            .endTerminated().endState().build())
        .endStatus()
        .build();
    client.resource(pod).create();
    boolean ok = exit.exitCode() == 0;
    job.setStatus(new JobStatusBuilder()
        .withStartTime(now)
        .withActive(0).withSucceeded(ok ? 1 : 0).withFailed(ok ? 0 : 1)
        .withCompletionTime(ok ? now : null)
        .withConditions(new JobConditionBuilder().withType(ok ? "Complete" : "Failed").withStatus("True")
            .withReason(ok ? null : "BackoffLimitExceeded")
            .withMessage(ok ? null : "Job has reached the specified backoff limit")
            .withLastTransitionTime(now).build())
        .build());
    client.resource(job).updateStatus();
    finishedJobs.add(job.getMetadata().getUid());
  }

  List<Job> jobs(String run) {
    return client.batch().v1().jobs().inNamespace(namespace)
        .withLabel(CutoverConstants.LABEL_RUN, run).list().getItems();
  }

  static WorkerResult backfillResult(Map<String, Long> rows) {
    WorkerResult result = new WorkerResult();
    result.command = "backfill";
    result.ok = true;
    rows.forEach((name, count) -> {
      WorkerResult.Table table = new WorkerResult.Table();
      table.name = name;
      table.rows = count;
      result.tables.add(table);
    });
    return result;
  }

  static WorkerResult verifyResult(String tableName, long rows, long different) {
    WorkerResult result = new WorkerResult();
    result.command = "verify";
    result.ok = different == 0;
    result.exitCode = different == 0 ? 0 : 1;
    WorkerResult.Table table = new WorkerResult.Table();
    table.name = tableName;
    table.sourceRows = rows;
    table.targetRows = rows;
    table.missingInTarget = 0L;
    table.missingInSource = 0L;
    table.different = different;
    table.sampleKeys = different == 0 ? List.of() : List.of("(42)");
    result.tables.add(table);
    return result;
  }

  /** The {@code --to} argument of a sequences Job. */
  static String sequencesTo(Job job) {
    List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    int at = args.indexOf("--to");
    return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : null;
  }

  /** A passed preflight, as `cutover preflight` writes it: no problem, the sequences it found. */
  static WorkerResult preflightResult(WorkerResult.Problem... problems) {
    WorkerResult result = new WorkerResult();
    result.command = "preflight";
    result.ok = problems.length == 0;
    result.exitCode = problems.length == 0 ? 0 : 2;
    result.problems = List.of(problems);
    result.sequences = List.of(sequence("teas", "id", null));
    return result;
  }

  static WorkerResult.Problem problem(String table, String column, String message) {
    WorkerResult.Problem problem = new WorkerResult.Problem();
    problem.table = table;
    problem.column = column;
    problem.message = message;
    return problem;
  }

  /** A sequences move of the teas and tags sequences to {@code to}. */
  static WorkerResult sequencesResult(String to) {
    WorkerResult result = new WorkerResult();
    result.command = "sequences";
    result.ok = true;
    result.sequencesTo = to;
    result.sequences = List.of(sequence("teas", "id", 10_120L), sequence("tags", "id", 10_020L));
    return result;
  }

  private static WorkerResult.SequenceMove sequence(String table, String column, Long value) {
    WorkerResult.SequenceMove move = new WorkerResult.SequenceMove();
    move.table = table;
    move.column = column;
    move.source = "public." + table + "_" + column + "_seq";
    move.target = "public." + table + "_" + column + "_seq";
    move.value = value;
    return move;
  }

  static WorkerResult failedResult(String error, int exitCode) {
    WorkerResult result = new WorkerResult();
    result.command = "backfill";
    result.ok = false;
    result.exitCode = exitCode;
    result.error = error;
    return result;
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
