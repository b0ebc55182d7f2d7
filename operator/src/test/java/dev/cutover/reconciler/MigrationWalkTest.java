package dev.cutover.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real operator walks a Migration from old to new against an in-process API server. */
class MigrationWalkTest {
  private OperatorFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new OperatorFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void walksFromOldToNewThroughEveryGateWithTheFlagsOfTheDesignTable() {
    try (FlagRecorder recorder = new FlagRecorder(fixture)) {
      fixture.apply(OperatorFixture.migration("tea", Phase.NEW));

      Migration done = fixture.awaitStatus("tea",
          m -> m.getStatus().phase == Phase.NEW && m.getStatus().step == Step.Complete, Duration.ofSeconds(90));

      assertThat(recorder.sequence()).containsSubsequence(
          "postgres-old,false,0",          // old
          "postgres-old,true,0",           // shadow: dual writes on, reads on the source
          "postgres-old,true,10",          // the read ramp, once verified
          "postgres-old,true,50",
          "postgres-old,true,100",
          "postgres-new,true,100",         // reverse-shadow: the target is primary, the source mirrored
          "postgres-new,false,100");       // new
      assertThat(recorder.sequence()).doesNotHaveDuplicates();
      List<FlagRecorder.Seen> seen = recorder.seen();
      for (int i = 1; i < seen.size(); i++) {
        boolean rampStep = seen.get(i).backend().equals("postgres-old") && seen.get(i - 1).dualWrite().equals("true")
            && !seen.get(i - 1).readPercent().equals("0");
        if (rampStep) {
          assertThat(Duration.between(seen.get(i - 1).at(), seen.get(i).at()))
              .as("read ramp step %s -> %s held for spec.readRamp.interval (2s; status times are whole seconds)",
                  seen.get(i - 1).flags(), seen.get(i).flags())
              .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        }
      }
      assertThat(fixture.flags()).containsEntry("LOG_LEVEL", "info");
      assertThat(done.getStatus().readPercent).isEqualTo(100);
      assertThat(done.getStatus().backfill.tables).extracting(t -> t.name + "=" + t.rows)
          .containsExactlyInAnyOrder("teas=100", "tags=20");
      assertThat(done.getStatus().conditions).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getStatus()).isEqualTo("True");
      });
      assertThat(done.getStatus().history).extracting(h -> h.phase).contains(Phase.SHADOW, Phase.REVERSE_SHADOW, Phase.NEW);
      assertThat(fixture.events("tea")).isNotEmpty();
    }
  }

  @Test
  void noBackfillJobStartsBeforeTheRestartedServerHasRolledOut() throws Exception {
    fixture.apply(OperatorFixture.migration("tea", Phase.OLD));
    fixture.awaitStatus("tea", m -> m.getStatus().step == Step.Complete, Duration.ofSeconds(30));
    fixture.player.rolloutsFinish = false;
    fixture.setPhase("tea", Phase.SHADOW);

    fixture.awaitStatus("tea",
        m -> m.getStatus().phase == Phase.SHADOW && m.getStatus().step == Step.WaitingForRollout, Duration.ofSeconds(30));
    assertThat(fixture.flags()).containsEntry("FF_PG_DUAL_WRITE", "true");
    Thread.sleep(3000);
    assertThat(fixture.player.jobs("backfill")).as("backfill Jobs while the rollout is pending").isEmpty();
    assertThat(fixture.get("tea").getStatus().step).isEqualTo(Step.WaitingForRollout);

    fixture.player.rolloutsFinish = true;
    fixture.awaitStatus("tea", m -> m.getStatus().backfill != null, Duration.ofSeconds(30));
    Job backfill = fixture.player.jobs("backfill").get(0);
    assertThat(backfill.getMetadata().getGenerateName()).isEqualTo("tea-backfill-");
    assertThat(backfill.getMetadata().getLabels()).containsEntry(CutoverConstants.LABEL_MIGRATION, "tea");
    assertThat(backfill.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getController()).isTrue());
  }
}
