package dev.cutover.flags;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.WorkloadKind;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a workload has finished rolling out the pod template stamped with a flags hash, by the
 * rules of {@code kubectl rollout status}, with one difference: a partitioned StatefulSet is not
 * complete until every replica is updated, because every replica must read the new flags.
 */
public final class RolloutRules {

  private RolloutRules() {}

  /** The rollout of a Deployment whose pod template should carry {@code hash}. */
  public static RolloutProgress deployment(Deployment deployment, String hash) {
    String name = deployment.getMetadata().getName();
    String unstamped = unstamped(deployment.getSpec().getTemplate(), hash);
    if (unstamped != null) {
      return progressing(WorkloadKind.Deployment, name, unstamped);
    }
    DeploymentStatus status = deployment.getStatus();
    long generation = orZero(deployment.getMetadata().getGeneration());
    if (status == null || orZero(status.getObservedGeneration()) < generation) {
      return progressing(WorkloadKind.Deployment, name, "waiting for the deployment spec update to be observed");
    }
    for (DeploymentCondition condition : Objects.requireNonNullElse(status.getConditions(),
        List.<DeploymentCondition>of())) {
      if ("Progressing".equals(condition.getType()) && "ProgressDeadlineExceeded".equals(condition.getReason())) {
        return new RolloutProgress(WorkloadKind.Deployment, name, RolloutProgress.State.FAILED,
            "exceeded its progress deadline: look at its new pods (kubectl describe deployment " + name + ")");
      }
    }
    int wanted = replicas(deployment.getSpec().getReplicas());
    int updated = orZero(status.getUpdatedReplicas());
    if (updated < wanted) {
      return progressing(WorkloadKind.Deployment, name, updated + " out of " + wanted + " new replicas have been updated");
    }
    if (orZero(status.getReplicas()) > updated) {
      return progressing(WorkloadKind.Deployment, name,
          (orZero(status.getReplicas()) - updated) + " old replicas are pending termination");
    }
    if (orZero(status.getAvailableReplicas()) < updated) {
      return progressing(WorkloadKind.Deployment, name,
          orZero(status.getAvailableReplicas()) + " of " + updated + " updated replicas are available");
    }
    if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      return progressing(WorkloadKind.Deployment, name, "the deployment is paused: kubectl rollout resume deployment " + name);
    }
    return complete(WorkloadKind.Deployment, name, "successfully rolled out");
  }

  /** The rollout of a StatefulSet whose pod template should carry {@code hash}. */
  public static RolloutProgress statefulSet(StatefulSet statefulSet, String hash) {
    String name = statefulSet.getMetadata().getName();
    StatefulSetUpdateStrategy strategy = statefulSet.getSpec().getUpdateStrategy();
    if (strategy != null && "OnDelete".equals(strategy.getType())) {
      return new RolloutProgress(WorkloadKind.StatefulSet, name, RolloutProgress.State.FAILED,
          "uses the OnDelete update strategy, so its pods keep the old flags until deleted: "
              + "delete them one by one or switch it to RollingUpdate");
    }
    String unstamped = unstamped(statefulSet.getSpec().getTemplate(), hash);
    if (unstamped != null) {
      return progressing(WorkloadKind.StatefulSet, name, unstamped);
    }
    StatefulSetStatus status = statefulSet.getStatus();
    long observed = status == null ? 0 : orZero(status.getObservedGeneration());
    if (observed == 0 || orZero(statefulSet.getMetadata().getGeneration()) > observed) {
      return progressing(WorkloadKind.StatefulSet, name, "waiting for the statefulset spec update to be observed");
    }
    int wanted = replicas(statefulSet.getSpec().getReplicas());
    int ready = orZero(status.getReadyReplicas());
    if (ready < wanted) {
      return progressing(WorkloadKind.StatefulSet, name, "waiting for " + (wanted - ready) + " pods to be ready");
    }
    int updated = orZero(status.getUpdatedReplicas());
    if (updated < wanted) {
      String partition = strategy != null && strategy.getRollingUpdate() != null
          && orZero(strategy.getRollingUpdate().getPartition()) > 0
          ? " (spec.updateStrategy.rollingUpdate.partition holds back the rest: lower it to 0)" : "";
      return progressing(WorkloadKind.StatefulSet, name, updated + " of " + wanted + " pods updated" + partition);
    }
    if (!Objects.equals(status.getCurrentRevision(), status.getUpdateRevision())) {
      return progressing(WorkloadKind.StatefulSet, name, "waiting for the rolling update to complete "
          + updated + " pods at revision " + status.getUpdateRevision());
    }
    return complete(WorkloadKind.StatefulSet, name, "rolling update complete");
  }

  /** Why the pod template does not carry the hash yet, or null when it does. */
  private static String unstamped(PodTemplateSpec template, String hash) {
    Map<String, String> annotations = template == null || template.getMetadata() == null
        ? null : template.getMetadata().getAnnotations();
    String stamped = annotations == null ? null : annotations.get(CutoverConstants.ANNOTATION_FLAGS_HASH);
    if (hash == null || hash.equals(stamped)) {
      return null;
    }
    return "its pod template carries flags hash " + (stamped == null ? "(none)" : stamped)
        + ", not " + hash + ": not restarted with the current flags yet";
  }

  /** An unset spec.replicas is defaulted to 1 by the API server. */
  private static int replicas(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static RolloutProgress progressing(WorkloadKind kind, String name, String message) {
    return new RolloutProgress(kind, name, RolloutProgress.State.PROGRESSING, message);
  }

  private static RolloutProgress complete(WorkloadKind kind, String name, String message) {
    return new RolloutProgress(kind, name, RolloutProgress.State.COMPLETE, message);
  }
}
