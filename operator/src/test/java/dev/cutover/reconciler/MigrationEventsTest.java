package dev.cutover.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.phase.Action.EventType;
import dev.cutover.phase.EventReason;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events aggregated as client-go's recorder does: one Event per repeated reason and message, counted. */
class MigrationEventsTest {
  private TestCluster cluster;
  private Migration migration;

  @BeforeEach
  void start() throws Exception {
    cluster = new TestCluster();
    migration = cluster.client.resource(OperatorFixture.migration("tea", Phase.SHADOW)).create();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void fiftyFailedReconcilesLeaveOneEventWithCountFifty() {
    MigrationReconciler reconciler = MigrationReconciler.create(cluster.client, OperatorSettings.inProcess());
    Context<Migration> unreachable = unreachableContext();

    for (int i = 0; i < 50; i++) {
      // Each failure names another resourceVersion, as a 409 on a busy object does.
      KubernetesClientException conflict = new KubernetesClientException(
          "Operation cannot be fulfilled on configmaps \"flags\": resourceVersion " + (1000 + i) + " is stale");
      reconciler.updateErrorStatus(migration, unreachable, conflict);
    }

    assertThat(events()).singleElement().satisfies(event -> {
      assertThat(event.getReason()).isEqualTo("ReconcileFailed");
      assertThat(event.getType()).isEqualTo("Warning");
      assertThat(event.getCount()).isEqualTo(50);
      assertThat(event.getMessage()).contains("1049");
      assertThat(event.getInvolvedObject().getUid()).isEqualTo(migration.getMetadata().getUid());
    });
  }

  @Test
  void aRepeatedReasonAndMessageCountsUpAndAnotherMessageIsAnotherEvent() {
    MigrationEvents events = new MigrationEvents(cluster.client);

    for (int i = 0; i < 3; i++) {
      events.record(migration, EventType.Warning, EventReason.BackfillAttemptFailed, "try 1 of 3 failed");
    }
    events.record(migration, EventType.Warning, EventReason.BackfillAttemptFailed, "try 2 of 3 failed");
    events.normal(migration, EventReason.PhaseChanged, "try 1 of 3 failed");

    assertThat(events()).extracting(e -> e.getReason() + " " + e.getMessage() + " x" + e.getCount())
        .containsExactlyInAnyOrder(
            "BackfillAttemptFailed try 1 of 3 failed x3",
            "BackfillAttemptFailed try 2 of 3 failed x1",
            "PhaseChanged try 1 of 3 failed x1");
  }

  @Test
  void aRestartedOperatorCarriesTheCountOfTheEventItWroteBefore() {
    new MigrationEvents(cluster.client).warning(migration, EventReason.ReconcileFailed, "API server unreachable");
    new MigrationEvents(cluster.client).warning(migration, EventReason.ReconcileFailed, "API server unreachable");

    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(2));
  }

  @Test
  void anEventTheApiServerExpiredIsCreatedAgain() {
    MigrationEvents events = new MigrationEvents(cluster.client);
    events.normal(migration, EventReason.Paused, "spec.paused is true");
    cluster.client.v1().events().inNamespace(OperatorFixture.NAMESPACE).delete();

    events.normal(migration, EventReason.Paused, "spec.paused is true");

    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void namesAreDeterministicAndValidForLongMigrationNames() {
    Migration longName = cluster.client.getKubernetesSerialization().clone(migration);
    longName.getMetadata().setName("a".repeat(240) + "-b");

    String name = MigrationEvents.nameOf(longName, EventType.Normal, EventReason.PhaseChanged, "m");

    assertThat(name).hasSizeLessThanOrEqualTo(253).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?").doesNotContain("-.")
        .isEqualTo(MigrationEvents.nameOf(longName, EventType.Normal, EventReason.PhaseChanged, "m"))
        .isNotEqualTo(MigrationEvents.nameOf(longName, EventType.Normal, EventReason.PhaseChanged, "n"));
  }

  private List<Event> events() {
    return cluster.client.v1().events().inNamespace(OperatorFixture.NAMESPACE).list().getItems();
  }

  /** A reconcile context whose status write fails, as when the API server cannot be reached. */
  @SuppressWarnings("unchecked")
  private static Context<Migration> unreachableContext() {
    return (Context<Migration>) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> {
          throw new KubernetesClientException("the API server cannot be reached");
        });
  }
}
