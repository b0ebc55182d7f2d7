package dev.cutover.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.SequenceSide;
import dev.cutover.api.Step;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real operator runs the preflight before anything is written and moves the sequences at every primary switch. */
class MigrationSequencesAndPreflightTest {
  private OperatorFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new OperatorFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static Condition condition(Migration m, String type) {
    return m.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  @Test
  void aWalkToNewRunsThePreflightFirstAndMovesTheSequencesBeforeTheTargetBecomesPrimary() {
    List<String> backendAtMove = new CopyOnWriteArrayList<>();
    var moveSequences = fixture.player.sequences;
    fixture.player.sequences = job -> {
      backendAtMove.add(fixture.flags().get("DATABASE_BACKEND") + "," + fixture.flags().get("FF_PG_DUAL_WRITE"));
      return moveSequences.apply(job);
    };
    fixture.apply(OperatorFixture.migration("tea", Phase.NEW));

    Migration done = fixture.awaitStatus("tea",
        m -> m.getStatus().phase == Phase.NEW && m.getStatus().step == Step.Complete, Duration.ofSeconds(90));

    assertThat(fixture.player.ran).first().as("the first Job").isEqualTo("preflight");
    assertThat(fixture.player.ran).containsSubsequence("preflight", "backfill", "verify", "sequences --to target", "verify");
    assertThat(fixture.player.ran).filteredOn(run -> run.startsWith("sequences")).containsOnly("sequences --to target");
    assertThat(backendAtMove).as("the flags when the target's sequences moved: still shadow")
        .isNotEmpty().allMatch("postgres-old,true"::equals);
    assertThat(done.getStatus().sequences.to).isEqualTo(SequenceSide.TARGET);
    assertThat(done.getStatus().sequences.state).isEqualTo(RunState.Succeeded);
    assertThat(done.getStatus().sequences.sequences).isEqualTo(2);
    assertThat(done.getStatus().sequences.syncedAt).isNotNull();
    assertThat(done.getStatus().sequences.job).startsWith("tea-sequences-");
    assertThat(done.getStatus().preflight.passed).isTrue();
    assertThat(done.getStatus().preflight.job).startsWith("tea-preflight-");
    assertThat(condition(done, "PreflightPassed").getStatus()).isEqualTo("True");
    assertThat(fixture.events("tea")).extracting(e -> e.getReason())
        .contains("PreflightStarted", "PreflightPassed", "SequencesStarted", "SequencesMoved");
  }

  @Test
  void aPreflightRefusalBlocksInOldNamingTheColumnWritesNothingAndAFixedSpecRunsItAgain() throws Exception {
    fixture.player.preflight = job -> new ClusterPlayer.WorkerExit(2, ClusterPlayer.preflightResult(
        ClusterPlayer.problem("teas", "price", "numeric(12,2) on the source cannot be written into integer on the target")));
    fixture.apply(OperatorFixture.migration("tea", Phase.SHADOW));

    Migration blocked = fixture.awaitStatus("tea",
        m -> m.getStatus().step == Step.Blocked && "False".equals(condition(m, "PreflightPassed").getStatus()),
        Duration.ofSeconds(60));
    Thread.sleep(3000);

    assertThat(condition(blocked, "PreflightPassed").getReason()).isEqualTo("PreflightFailed");
    assertThat(condition(blocked, "PreflightPassed").getMessage()).contains("teas.price").contains("numeric(12,2)");
    assertThat(blocked.getStatus().message).contains("teas.price").contains("nothing was written");
    assertThat(blocked.getStatus().preflight.problems).extracting(p -> p.table + "." + p.column).containsExactly("teas.price");
    Migration later = fixture.get("tea");
    assertThat(later.getStatus().phase).isEqualTo(Phase.OLD);
    assertThat(fixture.flags()).containsEntry("FF_PG_DUAL_WRITE", "false");
    assertThat(fixture.player.jobs("backfill")).as("no backfill Job").isEmpty();
    assertThat(fixture.player.jobs("preflight")).as("not rerun while the spec is unchanged").hasSize(1);
    assertThat(fixture.events("tea")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("PreflightFailed");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("teas.price");
    });

    fixture.player.preflight = job -> new ClusterPlayer.WorkerExit(0, ClusterPlayer.preflightResult());
    fixture.cluster.client.resources(Migration.class).inNamespace(OperatorFixture.NAMESPACE).withName("tea")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"bake\":\"1s\"}}");
    fixture.awaitStatus("tea", m -> m.getStatus().phase == Phase.SHADOW && m.getStatus().step == Step.Complete,
        Duration.ofSeconds(60));
    assertThat(fixture.player.jobs("preflight")).hasSize(2);
  }

  @Test
  void aRollbackFromReverseShadowMovesTheSourcesSequencesBeforeTheNewBackfill() {
    fixture.apply(OperatorFixture.migration("tea", Phase.REVERSE_SHADOW));
    fixture.awaitStatus("tea", m -> m.getStatus().phase == Phase.REVERSE_SHADOW && m.getStatus().step == Step.Complete,
        Duration.ofSeconds(60));
    int before = fixture.player.ran.size();

    fixture.setPhase("tea", Phase.SHADOW);
    Migration back = fixture.awaitStatus("tea",
        m -> m.getStatus().phase == Phase.SHADOW && m.getStatus().step == Step.Complete, Duration.ofSeconds(60));

    List<String> afterRollback = fixture.player.ran.subList(before, fixture.player.ran.size());
    assertThat(afterRollback).first().as("the first Job after the rollback, of %s; events %s", fixture.player.ran,
        fixture.events("tea").stream().map(e -> e.getReason()).toList()).isEqualTo("sequences --to source");
    assertThat(afterRollback).containsSubsequence("sequences --to source", "backfill", "verify");
    assertThat(back.getStatus().sequences.to).isEqualTo(SequenceSide.SOURCE);
    assertThat(back.getStatus().sequences.state).isEqualTo(RunState.Succeeded);
    assertThat(fixture.flags()).containsEntry("DATABASE_BACKEND", "postgres-old");
  }
}
