package dev.cutover.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.List;

/** The statuses the kubelet writes for a pod with one container, from scheduled to terminated. */
final class PodStatuses {
  private PodStatuses() {}

  static PodStatus waiting(String container, String image, Instant created, String reason, String message) {
    return new PodStatusBuilder().withPhase("Pending").withStartTime(created.toString())
        .withConditions(condition("PodScheduled", "True"), condition("Ready", "False"))
        .withHostIP(FieldPaths.POD_IP).withPodIP(FieldPaths.POD_IP)
        .withContainerStatuses(new ContainerStatusBuilder().withName(container).withImage(image)
            .withReady(false).withStarted(false).withRestartCount(0)
            .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
                .endWaiting().build())
            .build())
        .build();
  }

  static PodStatus running(String container, String image, Instant created, Instant started) {
    return new PodStatusBuilder().withPhase("Running").withStartTime(created.toString())
        .withConditions(condition("PodScheduled", "True"), condition("Ready", "True"))
        .withHostIP(FieldPaths.POD_IP).withPodIP(FieldPaths.POD_IP)
        .withContainerStatuses(new ContainerStatusBuilder().withName(container).withImage(image)
            .withReady(true).withStarted(true).withRestartCount(0)
            .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(started.toString()).endRunning().build())
            .build())
        .build();
  }

  static PodStatus terminated(String container, String image, Instant created, Instant started, int exitCode,
      String message) {
    ContainerStatus status = new ContainerStatusBuilder().withName(container).withImage(image)
        .withReady(false).withStarted(false).withRestartCount(0)
        .withState(new ContainerStateBuilder().withNewTerminated()
            .withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
            .withMessage(message == null || message.isEmpty() ? null : message)
            .withStartedAt(started.toString()).withFinishedAt(Instant.now().toString())
            .endTerminated().build())
        .build();
    return new PodStatusBuilder().withPhase(exitCode == 0 ? "Succeeded" : "Failed").withStartTime(created.toString())
        .withConditions(condition("PodScheduled", "True"), condition("Ready", "False"))
        .withHostIP(FieldPaths.POD_IP).withPodIP(FieldPaths.POD_IP)
        .withContainerStatuses(List.of(status))
        .build();
  }

  private static PodCondition condition(String type, String status) {
    return new PodConditionBuilder().withType(type).withStatus(status)
        .withLastTransitionTime(Instant.now().toString()).build();
  }
}
