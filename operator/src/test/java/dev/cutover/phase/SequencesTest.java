package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.SequenceSide;
import dev.cutover.api.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sequences follow the primary: moved to the target right before shadow -> reverse-shadow, and back
 * to the source right after the rollback, before anything else moves.
 */
class SequencesTest {
  /** Every gate of shadow open at T0+75m (100% held since T0+60m, verified at T0+40m), desired new. */
  static Given readyToSwitch() {
    return Given.shadowVerified().readsAt(100, T0.plus(min(60))).after(min(75));
  }

  static Given movedToTarget(Given given, RunState state, Instant created, Instant finished) {
    return given.sequences(SequenceSide.TARGET, state, 1, 1, created, finished);
  }

  @Test
  void theSwitchWaitsForTheTargetsSequencesToMove() {
    Decision start = readyToSwitch().decide();
    Decision running = movedToTarget(readyToSwitch(), RunState.Running, T0.plus(min(75)), null).decide();

    assertThat(Describe.work(start)).isEqualTo("StartSequences #1 to target try 1");
    assertThat(start.step()).isEqualTo(Step.MovingSequences);
    assertThat(start.message()).contains("spec.sequences.headroom, 10000");
    assertThat(running.step()).isEqualTo(Step.MovingSequences);
    assertThat(Describe.work(running)).isEqualTo("-");
    assertThat(running.progress().phase()).isEqualTo(Phase.SHADOW);
  }

  @Test
  void theHeadroomInMessagesIsTheSpecs() {
    Given given = readyToSwitch();
    given.spec.sequences.headroom = 500;

    assertThat(given.decide().message()).contains("headroom, 500");
  }

  @ParameterizedTest(name = "moved {0}s before the switch, started at T0+{1}m: {2}")
  @CsvSource({
    "30,  74, ApplyFlags reverse-shadow target+dual 100%",
    "60,  74, ApplyFlags reverse-shadow target+dual 100%",
    "61,  73, StartSequences #2 to target try 1",
    "600, 60, StartSequences #2 to target try 1",
    // Started before the verification that opened the gate finished (T0+40m): something else held the switch.
    "10,  39, StartSequences #2 to target try 1",
  })
  void onlyARecentMoveOpensTheSwitch(long secondsAgo, long createdMinute, String work) {
    Instant now = T0.plus(min(75));
    Decision decision = movedToTarget(readyToSwitch(), RunState.Succeeded, T0.plus(min(createdMinute)),
        now.minusSeconds(secondsAgo)).decide();

    assertThat(Describe.work(decision)).isEqualTo(work);
  }

  @Test
  void aStaleMoveSaysWhyItRunsAgain() {
    Decision decision = movedToTarget(readyToSwitch(), RunState.Succeeded, T0.plus(min(60)), T0.plus(min(61))).decide();

    assertThat(decision.reason()).isEqualTo("SequencesStale");
    assertThat(decision.message()).contains("14m ago").contains("headroom");
  }

  @ParameterizedTest(name = "maxAttempts {0}, try {1} failed: {2} {3}")
  @CsvSource({
    "3, 1, MovingSequences, StartSequences #2 to target try 2",
    "3, 2, MovingSequences, StartSequences #3 to target try 3",
    "3, 3, Failed,          -",
  })
  void aFailedMoveBeforeTheSwitchIsRetriedThenFailed(int maxAttempts, int failedTry, Step step, String work) {
    Given given = readyToSwitch().sequences(SequenceSide.TARGET, RunState.Failed, failedTry, failedTry,
        T0.plus(min(70)), T0.plus(min(71)));
    given.spec.backfill.maxAttempts = maxAttempts;

    Decision decision = given.decide();

    assertThat(decision.step()).isEqualTo(step);
    assertThat(Describe.work(decision)).isEqualTo(work);
    assertThat(decision.actions()).noneMatch(a -> a instanceof Action.ApplyFlags);
    if (step == Step.Failed) {
      assertThat(decision.message()).contains("teas.id").contains("source stays primary")
          .contains("edit the Migration's spec");
    }
  }

  @Test
  void aSpecChangeAfterFailingForGoodMovesThemAgain() {
    Decision decision = readyToSwitch().sequences(SequenceSide.TARGET, RunState.Failed, 3, 3, T0.plus(min(70)),
        T0.plus(min(71))).generation(2).decide();

    assertThat(Describe.work(decision)).isEqualTo("StartSequences #4 to target try 1");
  }

  @Test
  void aMoveOfAnEarlierShadowStayDoesNotCount() {
    Given given = readyToSwitch().sequences(SequenceSide.TARGET, RunState.Succeeded, 1, 1, T0.minus(min(30)),
        T0.minus(min(29)));
    Decision decision = given.decide();

    // In shadow, a move to the target before this stay means the target was primary since: the source first.
    assertThat(Describe.work(decision)).isEqualTo("StartSequences #2 to source try 1");
  }

  @Test
  void aRollbackInTheSameSecondAsTheMoveToTheTargetStillMovesTheSourcesSequences() {
    Given given = Given.in(Phase.SHADOW).after(min(0)).sequences(SequenceSide.TARGET, RunState.Succeeded, 1, 1, T0, T0);
    // The move belonged to the shadow stay before the switch; the rollback's shadow began in the same second.
    given.sequences = new SequencesRun(new SequencesRequest(1, 1, 1, SequenceSide.TARGET, T0.minus(min(60))),
        "flags-sequences-1", RunState.Succeeded, T0, T0, 2, null);

    assertThat(Describe.work(given.decide())).isEqualTo("StartSequences #2 to source try 1");
  }

  @Test
  void theRollbackWritesItsFlagsAtOnceThenMovesTheSourcesSequencesBeforeTheBackfill() {
    Simulation sim = reverseShadowAfterAForwardSwitch(Phase.SHADOW);

    Decision rollback = sim.step();
    Decision waiting = sim.step();
    sim.finishRollout();
    Decision move = sim.step();
    Decision moving = sim.step();
    sim.finishSequences(true);
    Decision backfill = sim.step();

    assertThat(Describe.work(rollback)).isEqualTo("ApplyFlags shadow source+dual 0%");
    assertThat(waiting.step()).as("no move while replicas still write to the target").isEqualTo(Step.WaitingForRollout);
    assertThat(Describe.work(move)).isEqualTo("StartSequences #2 to source try 1");
    assertThat(move.step()).isEqualTo(Step.MovingSequences);
    assertThat(moving.step()).isEqualTo(Step.MovingSequences);
    assertThat(Describe.work(moving)).isEqualTo("-");
    assertThat(Describe.work(backfill)).isEqualTo("StartBackfill #2 try 1");
  }

  @Test
  void theMoveToTheSourceRunsWhilePausedAsPartOfTheRollback() {
    Simulation sim = reverseShadowAfterAForwardSwitch(Phase.SHADOW);
    sim.spec.paused = true;
    sim.step();
    sim.finishRollout();

    Decision move = sim.step();
    sim.finishSequences(true);
    Decision after = sim.step();

    assertThat(Describe.work(move)).isEqualTo("StartSequences #2 to source try 1");
    assertThat(after.reason()).isEqualTo("Paused");
    assertThat(Describe.work(after)).isEqualTo("-");
  }

  @Test
  void rollingBackToOldMovesTheSourcesSequencesInOld() {
    Simulation sim = reverseShadowAfterAForwardSwitch(Phase.OLD);
    for (int i = 0; i < 6 && sim.phase() != Phase.OLD; i++) {
      sim.step();
      sim.finishRollout();
    }
    assertThat(sim.phase()).isEqualTo(Phase.OLD);

    Decision move = sim.step();
    sim.finishSequences(true);
    Decision done = sim.step();

    assertThat(Describe.work(move)).isEqualTo("StartSequences #2 to source try 1");
    assertThat(done.step()).isEqualTo(Step.Complete);
  }

  @Test
  void aMoveToTheSourceThatFailsForGoodBlocksSayingTheSourcesSequencesHaveNotMoved() {
    Simulation sim = reverseShadowAfterAForwardSwitch(Phase.SHADOW);
    sim.step();
    sim.finishRollout();
    List<String> work = new java.util.ArrayList<>();
    Decision last = null;
    for (int i = 0; i < 4; i++) {
      last = sim.step();
      work.add(Describe.work(last));
      if (sim.sequences.state() == RunState.Running) {
        sim.finishSequences(false);
      }
    }

    assertThat(work).containsExactly("StartSequences #2 to source try 1", "StartSequences #3 to source try 2",
        "StartSequences #4 to source try 3", "-");
    assertThat(last.step()).isEqualTo(Step.Blocked);
    assertThat(last.reason()).isEqualTo("SequencesNotMoved");
    assertThat(last.message()).contains("The source's sequences have not moved").contains("headroom (10000) inserts")
        .contains("cutover sequences -f migration.yaml --to source");
    assertThat(sim.backfill.request().attempt()).as("no backfill while they have not moved").isEqualTo(1);

    sim.changeSpec(Phase.SHADOW);
    assertThat(Describe.work(sim.step())).isEqualTo("StartSequences #5 to source try 1");
  }

  @Test
  void noMoveOfTheSequencesWhereThePrimaryDoesNotSwitch() {
    Simulation walk = WalkTest.walkedSimulation(Phase.NEW);
    List<String> moves = walk.decisions.stream().flatMap(d -> d.actions().stream())
        .filter(a -> a instanceof Action.StartSequences).map(Describe::action).toList();
    Simulation back = WalkTest.walkedSimulation(Phase.SHADOW);
    back.changeSpec(Phase.OLD);
    for (int i = 0; i < 6; i++) {
      back.step();
      WalkTest.finishWhatRuns(back);
    }

    assertThat(moves).as("old -> shadow, reverse-shadow -> new move none; shadow -> reverse-shadow one")
        .containsExactly("StartSequences #1 to target try 1");
    assertThat(back.phase()).isEqualTo(Phase.OLD);
    assertThat(back.sequences).as("shadow -> old moves none").isNull();
  }

  /** Walked to reverse-shadow (sequences moved to the target), then spec.phase set to {@code back}. */
  static Simulation reverseShadowAfterAForwardSwitch(Phase back) {
    Simulation sim = WalkTest.walkedSimulation(Phase.REVERSE_SHADOW);
    assertThat(sim.sequences.to()).isEqualTo(SequenceSide.TARGET);
    sim.advance(Duration.ofMinutes(30));
    sim.changeSpec(back);
    return sim;
  }
}
