package dev.cutover.jobs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.WorkerResult;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads the results of a Job's pods: the last pod of each completion index (an earlier pod of the
 * same index was replaced) and the WorkerResult JSON in its worker container's termination message.
 */
final class PodResults {
  /** The kubelet keeps at most 4 KiB of a termination message; anything longer is not ours. */
  static final int MAX_MESSAGE = 4096;
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private PodResults() {}

  /** One report per completion index, in index order, from the pods the Job controls. */
  static List<PodReport> latestPerIndex(Job job, List<Pod> pods) {
    String jobUid = job.getMetadata() == null ? null : job.getMetadata().getUid();
    Map<Integer, Pod> latest = new TreeMap<>();
    for (Pod pod : pods) {
      if (!controlledBy(pod, jobUid)) {
        continue;
      }
      latest.merge(indexOf(pod), pod, (a, b) -> NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
    }
    List<PodReport> reports = new ArrayList<>();
    latest.forEach((index, pod) -> reports.add(report(pod, index)));
    return reports;
  }

  private static final Comparator<Pod> NEWEST_FIRST = Comparator
      .comparing((Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
      .thenComparing(p -> Objects.toString(p.getMetadata().getName(), ""))
      .reversed();

  /** A pod whose controller is another Job (an old one of the same name) is not this Job's. */
  private static boolean controlledBy(Pod pod, String jobUid) {
    var owners = pod.getMetadata().getOwnerReferences();
    if (jobUid == null || owners == null) {
      return true;
    }
    return owners.stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()) && "Job".equals(o.getKind()))
        .allMatch(o -> jobUid.equals(o.getUid()));
  }

  static int indexOf(Pod pod) {
    var meta = pod.getMetadata();
    String value = meta.getAnnotations() == null ? null : meta.getAnnotations().get(JobLabels.POD_COMPLETION_INDEX);
    if (value == null && meta.getLabels() != null) {
      value = meta.getLabels().get(JobLabels.POD_COMPLETION_INDEX);
    }
    try {
      return value == null ? 0 : Math.max(0, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static PodReport report(Pod pod, int index) {
    String name = pod.getMetadata().getName();
    ContainerStatus status = resultContainer(pod);
    if (status == null || status.getState() == null) {
      return new PodReport(name, index, false, null, null, null, null, null, null, null);
    }
    var waiting = status.getState().getWaiting();
    var terminated = status.getState().getTerminated();
    if (terminated == null) {
      return new PodReport(name, index, false, null, null, null,
          waiting == null ? null : waiting.getReason(),
          waiting == null ? null : StatusText.bounded(waiting.getMessage(), StatusText.MAX_DETAIL),
          null, null);
    }
    String message = terminated.getMessage();
    WorkerResult result = null;
    String problem = null;
    if (message == null || message.isBlank()) {
      problem = "no termination message";
    } else {
      result = parse(message);
      if (result == null) {
        problem = "termination message is not a JSON WorkerResult";
      }
    }
    return new PodReport(name, index, true, terminated.getExitCode(), terminated.getReason(), terminated.getFinishedAt(),
        null, null, result, problem);
  }

  /** The worker container, or the only container of a custom pod. */
  private static ContainerStatus resultContainer(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    if (statuses == null || statuses.isEmpty()) {
      return null;
    }
    return statuses.stream()
        .filter(s -> CutoverConstants.WORKER_CONTAINER.equals(s.getName()))
        .findFirst()
        .orElse(statuses.size() == 1 ? statuses.get(0) : null);
  }

  /** The WorkerResult in a termination message, or null when it is not one. */
  static WorkerResult parse(String message) {
    String trimmed = message.trim();
    if (trimmed.length() > MAX_MESSAGE || !trimmed.startsWith("{")) {
      return null;
    }
    try {
      return JSON.readValue(trimmed, WorkerResult.class);
    } catch (Exception e) {
      // Deliberately not logged with the message: a log fallback may hold anything.
      return null;
    }
  }
}
