package dev.cutover.flags;

import static dev.cutover.flags.FlagFixtures.NAMESPACE;
import static dev.cutover.flags.FlagFixtures.deployment;
import static dev.cutover.flags.FlagFixtures.envFlags;
import static dev.cutover.flags.FlagFixtures.migration;
import static dev.cutover.flags.FlagFixtures.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.WorkloadKind;
import dev.cutover.flags.RolloutProgress.State;
import dev.cutover.flags.WorkloadRestart.Outcome;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restarts against the mock API server, which neither bumps metadata.generation nor runs the
 * workload controllers: the tests do both, as the API server and the controllers would.
 */
@EnableKubernetesMockClient(crud = true)
class WorkloadRolloutTest {
  private static final String HASH = "0123456789abcdef";
  private static final String NEXT_HASH = "fedcba9876543210";
  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123Z");

  KubernetesMockServer server;
  KubernetesClient client;
  private WorkloadRollout rollout;
  private final Migration migration = migration(envFlags(), deployment("server"), statefulSet("cache"));

  @BeforeEach
  void createWorkloads() {
    client.resource(new DeploymentBuilder()
        .withNewMetadata().withName("server").withNamespace(NAMESPACE).withGeneration(1L).endMetadata()
        .withNewSpec().withReplicas(2)
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "server"))
        .withAnnotations(Map.of("prometheus.io/scrape", "true")).endMetadata().endTemplate()
        .endSpec().build()).create();
    client.resource(new StatefulSetBuilder()
        .withNewMetadata().withName("cache").withNamespace(NAMESPACE).withGeneration(1L).endMetadata()
        .withNewSpec().withReplicas(2).withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "cache")).endMetadata().endTemplate()
        .endSpec().build()).create();
    rollout = new WorkloadRollout(client, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Deployment server() {
    return client.apps().deployments().inNamespace(NAMESPACE).withName("server").get();
  }

  private StatefulSet cache() {
    return client.apps().statefulSets().inNamespace(NAMESPACE).withName("cache").get();
  }

  @Test
  void restartStampsTheHashAndTimeOnEachPodTemplate() {
    var restarts = rollout.restart(migration, HASH);

    assertThat(restarts).containsExactly(
        new WorkloadRestart(WorkloadKind.Deployment, "server", Outcome.RESTARTED),
        new WorkloadRestart(WorkloadKind.StatefulSet, "cache", Outcome.RESTARTED));
    assertThat(server().getSpec().getTemplate().getMetadata().getAnnotations()).containsOnly(
        Map.entry("prometheus.io/scrape", "true"),
        Map.entry(CutoverConstants.ANNOTATION_FLAGS_HASH, HASH),
        Map.entry(CutoverConstants.ANNOTATION_RESTARTED_AT, "2026-03-01T10:15:30Z"));
    assertThat(cache().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(CutoverConstants.ANNOTATION_FLAGS_HASH, HASH);
  }

  @Test
  void restartingAgainWithTheSameHashRestartsNothing() {
    rollout.restart(migration, HASH);
    String resourceVersion = server().getMetadata().getResourceVersion();
    WorkloadRollout later = new WorkloadRollout(client, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));

    var again = later.restart(migration, HASH);

    assertThat(again).extracting(WorkloadRestart::outcome).containsOnly(Outcome.ALREADY_STAMPED);
    assertThat(server().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(server().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(CutoverConstants.ANNOTATION_RESTARTED_AT, "2026-03-01T10:15:30Z");

    var next = later.restart(migration, NEXT_HASH);

    assertThat(next).extracting(WorkloadRestart::outcome).containsOnly(Outcome.RESTARTED);
    assertThat(server().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(CutoverConstants.ANNOTATION_FLAGS_HASH, NEXT_HASH)
        .containsEntry(CutoverConstants.ANNOTATION_RESTARTED_AT, "2026-03-01T10:16:30Z");
  }

  @Test
  void rolloutIsIncompleteUntilTheControllersReportEveryReplicaUpdated() {
    rollout.restart(migration, HASH);
    // The API server bumps the generation of a changed spec; the controllers have not seen it yet.
    client.apps().deployments().inNamespace(NAMESPACE).withName("server")
        .edit(d -> new DeploymentBuilder(d).editMetadata().withGeneration(2L).endMetadata()
            .withStatus(new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(2)
                .withUpdatedReplicas(2).withAvailableReplicas(2).build()).build());
    client.apps().statefulSets().inNamespace(NAMESPACE).withName("cache")
        .edit(s -> new StatefulSetBuilder(s).editMetadata().withGeneration(2L).endMetadata().build());

    RolloutReport started = rollout.status(migration, HASH);
    assertThat(started.complete()).isFalse();
    assertThat(started.pending()).extracting(RolloutProgress::workload)
        .containsExactly("Deployment/server", "StatefulSet/cache");

    playDeploymentController(2, 3, 2);
    playStatefulSetController(2, 2, 1, "cache-1", "cache-2");
    RolloutReport midway = rollout.status(migration, HASH);
    assertThat(midway.complete()).isFalse();
    assertThat(midway.summary()).isEqualTo("Deployment/server: 1 old replicas are pending termination; "
        + "StatefulSet/cache: 1 of 2 pods updated");

    playDeploymentController(2, 2, 2);
    playStatefulSetController(2, 2, 2, "cache-2", "cache-2");
    RolloutReport done = rollout.status(migration, HASH);
    assertThat(done.complete()).isTrue();
    assertThat(done.workloads()).extracting(RolloutProgress::state).containsOnly(State.COMPLETE);
    assertThat(done.summary()).isEmpty();
  }

  @Test
  void workloadsNotYetStampedAreNotRolledOut() {
    playDeploymentController(2, 2, 2);
    playStatefulSetController(2, 2, 2, "r", "r");

    RolloutReport report = rollout.status(migration, HASH);

    assertThat(report.complete()).isFalse();
    assertThat(report.pending()).extracting(RolloutProgress::message)
        .allMatch(m -> m.contains("not restarted with the current flags yet"));
  }

  @Test
  void missingWorkloadIsNamedByKindAndName() {
    Migration withMissing = migration(envFlags(), deployment("server"), statefulSet("worker"));

    var restarts = rollout.restart(withMissing, HASH);
    RolloutReport report = rollout.status(withMissing, HASH);

    assertThat(restarts).containsExactly(
        new WorkloadRestart(WorkloadKind.Deployment, "server", Outcome.RESTARTED),
        new WorkloadRestart(WorkloadKind.StatefulSet, "worker", Outcome.MISSING));
    assertThat(report.missing()).singleElement().satisfies(missing -> {
      assertThat(missing.workload()).isEqualTo("StatefulSet/worker");
      assertThat(missing.message()).contains("StatefulSet tea/worker").contains("does not exist");
    });
    assertThat(report.complete()).isFalse();
  }

  @Test
  void noWorkloadsToRestartIsComplete() {
    Migration none = migration(envFlags());

    assertThat(rollout.restart(none, HASH)).isEmpty();
    assertThat(rollout.status(none, HASH).complete()).isTrue();
  }

  @Test
  void restartRacingAnotherRestartWithTheSameHashDoesNotRestartTwice() {
    Migration serverOnly = migration(envFlags(), deployment("server"));
    AtomicBoolean raced = new AtomicBoolean();
    Interceptor otherOperator = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
        if ("PATCH".equals(request.method()) && raced.compareAndSet(false, true)) {
          new WorkloadRollout(client, Clock.fixed(NOW.minusSeconds(5), ZoneOffset.UTC)).restart(serverOnly, HASH);
        }
      }
    };
    try (KubernetesClient racing = server.createClient(b -> b.withHttpClientBuilderConsumer(
        http -> http.addOrReplaceInterceptor("other-operator", otherOperator)))) {

      var restarts = new WorkloadRollout(racing, Clock.fixed(NOW, ZoneOffset.UTC)).restart(serverOnly, HASH);

      assertThat(raced).isTrue();
      assertThat(restarts).extracting(WorkloadRestart::outcome).containsExactly(Outcome.ALREADY_STAMPED);
      assertThat(server().getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry(CutoverConstants.ANNOTATION_RESTARTED_AT, "2026-03-01T10:15:25Z");
    }
  }

  private void playDeploymentController(long observed, int replicas, int updated) {
    client.apps().deployments().inNamespace(NAMESPACE).withName("server")
        .editStatus(d -> new DeploymentBuilder(d).withStatus(new DeploymentStatusBuilder()
            .withObservedGeneration(observed).withReplicas(replicas).withUpdatedReplicas(updated)
            .withAvailableReplicas(updated).withReadyReplicas(updated).build()).build());
  }

  private void playStatefulSetController(long observed, int ready, int updated, String current, String update) {
    client.apps().statefulSets().inNamespace(NAMESPACE).withName("cache")
        .editStatus(s -> new StatefulSetBuilder(s).withStatus(new StatefulSetStatusBuilder()
            .withObservedGeneration(observed).withReplicas(2).withReadyReplicas(ready)
            .withUpdatedReplicas(updated).withCurrentRevision(current).withUpdateRevision(update).build()).build());
  }
}
