package dev.cutover.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.CutoverConstants;
import dev.cutover.flags.RolloutProgress.State;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules of {@code kubectl rollout status}, as tables of observed workload states. */
class RolloutRulesTest {
  private static final String HASH = "0123456789abcdef";

  static Deployment deployment(long generation, int replicas, String stampedHash) {
    return new DeploymentBuilder()
        .withNewMetadata().withName("server").withGeneration(generation).endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withNewTemplate().withNewMetadata()
        .withAnnotations(stampedHash == null ? Map.of() : Map.of(CutoverConstants.ANNOTATION_FLAGS_HASH, stampedHash))
        .endMetadata().endTemplate().endSpec()
        .build();
  }

  static StatefulSet statefulSet(long generation, int replicas, String stampedHash) {
    return new StatefulSetBuilder()
        .withNewMetadata().withName("cache").withGeneration(generation).endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
        .withNewTemplate().withNewMetadata()
        .withAnnotations(stampedHash == null ? Map.of() : Map.of(CutoverConstants.ANNOTATION_FLAGS_HASH, stampedHash))
        .endMetadata().endTemplate().endSpec()
        .build();
  }

  @ParameterizedTest(name = "generation 2 observed {0}, updated {1}, total {2}, available {3} -> {4}")
  @CsvSource(delimiter = '|', value = {
      "1 | 3 | 3 | 3 | PROGRESSING | waiting for the deployment spec update to be observed",
      "2 | 1 | 3 | 1 | PROGRESSING | 1 out of 3 new replicas have been updated",
      "2 | 3 | 4 | 3 | PROGRESSING | 1 old replicas are pending termination",
      "2 | 3 | 3 | 2 | PROGRESSING | 2 of 3 updated replicas are available",
      "2 | 3 | 3 | 3 | COMPLETE    | successfully rolled out"})
  void deploymentRollout(long observed, int updated, int total, int available, State state, String message) {
    Deployment deployment = deployment(2, 3, HASH);
    deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(observed)
        .withUpdatedReplicas(updated).withReplicas(total).withAvailableReplicas(available).build());

    RolloutProgress progress = RolloutRules.deployment(deployment, HASH);

    assertThat(progress.state()).isEqualTo(state);
    assertThat(progress.message()).isEqualTo(message);
    assertThat(progress.workload()).isEqualTo("Deployment/server");
  }

  @Test
  void deploymentWithoutStatusIsProgressing() {
    assertThat(RolloutRules.deployment(deployment(1, 1, HASH), HASH).state()).isEqualTo(State.PROGRESSING);
  }

  @Test
  void deploymentPastItsProgressDeadlineHasFailed() {
    Deployment deployment = deployment(2, 3, HASH);
    deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(2L).withUpdatedReplicas(1)
        .withReplicas(4).withAvailableReplicas(3)
        .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
            .withReason("ProgressDeadlineExceeded").build())
        .build());

    RolloutProgress progress = RolloutRules.deployment(deployment, HASH);

    assertThat(progress.state()).isEqualTo(State.FAILED);
    assertThat(progress.message()).contains("progress deadline");
  }

  @Test
  void deploymentNotStampedWithTheHashIsNotDoneWhateverItsStatus() {
    Deployment deployment = deployment(2, 3, "fedcba9876543210");
    deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(2L).withUpdatedReplicas(3)
        .withReplicas(3).withAvailableReplicas(3).build());

    RolloutProgress progress = RolloutRules.deployment(deployment, HASH);

    assertThat(progress.state()).isEqualTo(State.PROGRESSING);
    assertThat(progress.message()).contains("fedcba9876543210").contains(HASH);
  }

  @ParameterizedTest(name = "observed {0}, ready {1}, updated {2}, revisions {3}/{4} -> {5}")
  @CsvSource(delimiter = '|', value = {
      "0 | 3 | 3 | r2 | r2 | PROGRESSING | waiting for the statefulset spec update to be observed",
      "1 | 3 | 3 | r2 | r2 | PROGRESSING | waiting for the statefulset spec update to be observed",
      "2 | 2 | 3 | r2 | r2 | PROGRESSING | waiting for 1 pods to be ready",
      "2 | 3 | 1 | r1 | r2 | PROGRESSING | 1 of 3 pods updated",
      "2 | 3 | 3 | r1 | r2 | PROGRESSING | waiting for the rolling update to complete 3 pods at revision r2",
      "2 | 3 | 3 | r2 | r2 | COMPLETE    | rolling update complete"})
  void statefulSetRollout(long observed, int ready, int updated, String current, String update,
      State state, String message) {
    StatefulSet statefulSet = statefulSet(2, 3, HASH);
    statefulSet.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(observed).withReplicas(3)
        .withReadyReplicas(ready).withUpdatedReplicas(updated)
        .withCurrentRevision(current).withUpdateRevision(update).build());

    RolloutProgress progress = RolloutRules.statefulSet(statefulSet, HASH);

    assertThat(progress.state()).isEqualTo(state);
    assertThat(progress.message()).isEqualTo(message);
  }

  @Test
  void partitionedStatefulSetIsNotDoneUntilEveryReplicaIsUpdated() {
    StatefulSet statefulSet = statefulSet(2, 3, HASH);
    statefulSet.getSpec().getUpdateStrategy().setRollingUpdate(
        new io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategyBuilder().withPartition(2).build());
    statefulSet.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(2L).withReplicas(3)
        .withReadyReplicas(3).withUpdatedReplicas(1).withCurrentRevision("r1").withUpdateRevision("r2").build());

    RolloutProgress progress = RolloutRules.statefulSet(statefulSet, HASH);

    assertThat(progress.state()).isEqualTo(State.PROGRESSING);
    assertThat(progress.message()).contains("1 of 3 pods updated").contains("partition");
  }

  @Test
  void onDeleteStatefulSetCannotRollOnItsOwn() {
    StatefulSet statefulSet = statefulSet(2, 3, HASH);
    statefulSet.getSpec().getUpdateStrategy().setType("OnDelete");

    RolloutProgress progress = RolloutRules.statefulSet(statefulSet, HASH);

    assertThat(progress.state()).isEqualTo(State.FAILED);
    assertThat(progress.message()).contains("OnDelete");
  }
}
