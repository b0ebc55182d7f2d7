package dev.cutover.jobs;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.WorkerResult;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/** Plays the Job controller and the kubelet against the mock API server, which runs no Job. */
final class FakeJobController {
  static final String STARTED = "2025-01-01T10:00:00Z";
  static final String FINISHED = "2025-01-01T10:05:00Z";
  private final KubernetesClient client;
  private int podSequence;

  FakeJobController(KubernetesClient client) {
    this.client = client;
  }

  /** Writes the Job's status: counts, and a terminal condition when {@code condition} is Complete or Failed. */
  Job status(Job job, int active, int succeeded, int failed, String condition, String reason, String message) {
    Job current = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName()).get();
    JobStatus status = new JobStatus();
    status.setStartTime(STARTED);
    status.setActive(active);
    status.setSucceeded(succeeded);
    status.setFailed(failed);
    List<io.fabric8.kubernetes.api.model.batch.v1.JobCondition> conditions = new ArrayList<>();
    if (condition != null) {
      conditions.add(new JobConditionBuilder().withType(condition).withStatus("True")
          .withReason(reason).withMessage(message).withLastTransitionTime(FINISHED).build());
      if (condition.equals("Complete")) {
        status.setCompletionTime(FINISHED);
      }
    }
    status.setConditions(conditions);
    current.setStatus(status);
    return client.resource(current).updateStatus();
  }

  Job complete(Job job) {
    int completions = job.getSpec().getCompletions();
    return status(job, 0, completions, 0, "Complete", null, null);
  }

  Job fail(Job job, String reason, String message) {
    return status(job, 0, 0, 1, "Failed", reason, message);
  }

  /** A pod of the Job whose worker container terminated with this exit code and termination message. */
  Pod terminatedPod(Job job, int index, int exitCode, String message) {
    return pod(job, index, exitCode, exitCode == 0 ? "Completed" : "Error", message);
  }

  Pod pod(Job job, int index, int exitCode, String reason, String message) {
    Pod pod = podOf(job, index);
    pod.getStatus().setPhase(exitCode == 0 ? "Succeeded" : "Failed");
    pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder()
        .withName(CutoverConstants.WORKER_CONTAINER)
        .withNewState().withNewTerminated()
        .withExitCode(exitCode).withReason(reason).withMessage(message).withFinishedAt(FINISHED)
        .endTerminated().endState()
        .build()));
    return client.resource(pod).create();
  }

  /** A pod of the Job whose worker container is waiting to start, for the given reason. */
  Pod waitingPod(Job job, int index, String reason, String message) {
    Pod pod = podOf(job, index);
    pod.getStatus().setPhase("Pending");
    pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder()
        .withName(CutoverConstants.WORKER_CONTAINER)
        .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
        .build()));
    return client.resource(pod).create();
  }

  private Pod podOf(Job job, int index) {
    String jobName = job.getMetadata().getName();
    String jobUid = job.getMetadata().getUid();
    // Pods get a later creationTimestamp each, as a replacement pod would.
    String created = String.format("2025-01-01T10:%02d:%02dZ", podSequence / 60, podSequence % 60);
    Pod pod = new PodBuilder()
        .withNewMetadata()
        .withName(jobName + "-" + index + "-p" + (podSequence++))
        .withNamespace(job.getMetadata().getNamespace())
        .withCreationTimestamp(created)
        .addToLabels(Serialization.clone(job.getSpec().getTemplate().getMetadata().getLabels()))
        .addToLabels(JobLabels.POD_JOB_NAME, jobName)
        .addToLabels(JobLabels.POD_JOB_NAME_LEGACY, jobName)
        .addToLabels("batch.kubernetes.io/controller-uid", jobUid)
        .addToAnnotations(JobLabels.POD_COMPLETION_INDEX, Integer.toString(index))
        .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(jobName).withUid(jobUid)
        .withController(true).withBlockOwnerDeletion(true).endOwnerReference()
        .endMetadata()
        .withSpec(Serialization.clone(job.getSpec().getTemplate().getSpec()))
        .withNewStatus().endStatus()
        .build();
    return pod;
  }

  static String json(WorkerResult result) {
    return Serialization.asJson(result);
  }

  static WorkerResult backfillResult(int partition, int partitions, Object... tableRows) {
    WorkerResult result = new WorkerResult();
    result.command = "backfill";
    result.partition = partition;
    result.partitions = partitions;
    result.ok = true;
    for (int i = 0; i < tableRows.length; i += 2) {
      WorkerResult.Table table = new WorkerResult.Table();
      table.name = (String) tableRows[i];
      table.rows = ((Number) tableRows[i + 1]).longValue();
      result.tables.add(table);
    }
    return result;
  }

  static WorkerResult verifyResult(boolean ok, String table, long rows, long missingInTarget, long different, String... keys) {
    WorkerResult result = new WorkerResult();
    result.command = "verify";
    result.ok = ok;
    result.exitCode = ok ? 0 : 1;
    WorkerResult.Table t = new WorkerResult.Table();
    t.name = table;
    t.sourceRows = rows;
    t.targetRows = rows - missingInTarget;
    t.missingInTarget = missingInTarget;
    t.missingInSource = 0L;
    t.different = different;
    t.sampleKeys = List.of(keys);
    result.tables.add(t);
    return result;
  }
}
