package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import dev.cutover.api.VerificationPurpose;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** spec.paused freezes forward progress; rollback and safety moves still happen. */
class PausedTest {

  static Stream<Arguments> forward() {
    return Stream.of(
        Arguments.of("old -> shadow", (Supplier<Given>) () -> Given.in(Phase.OLD)),
        Arguments.of("start the backfill", (Supplier<Given>) () -> Given.in(Phase.SHADOW)),
        Arguments.of("retry a failed backfill", (Supplier<Given>) () -> BackfillRetryTest.failedBackfill(1)),
        Arguments.of("start a verification", (Supplier<Given>) () -> Given.in(Phase.SHADOW).backfillSucceeded().after(min(40))),
        Arguments.of("first ramp step", (Supplier<Given>) Given::shadowVerified),
        Arguments.of("next ramp step", (Supplier<Given>) () -> Given.shadowVerified().readsAt(10, T0.plus(min(41))).after(min(60))),
        Arguments.of("shadow -> reverse-shadow", (Supplier<Given>) () -> PhasePairsTest.gatesOpenIn(Phase.SHADOW)),
        Arguments.of("reverse-shadow -> new", (Supplier<Given>) () -> PhasePairsTest.gatesOpenIn(Phase.REVERSE_SHADOW)));
  }

  @ParameterizedTest(name = "paused: {0} is held")
  @MethodSource("forward")
  void pausedHoldsEveryForwardMove(String name, Supplier<Given> given) {
    Given unpaused = given.get();
    assertThat(Describe.work(unpaused.decide())).as("moves when not paused").isNotEqualTo("-");

    Decision decision = given.get().paused().decide();

    assertThat(decision.step()).isEqualTo(Step.Blocked);
    assertThat(decision.reason()).isEqualTo("Paused");
    assertThat(Describe.work(decision)).isEqualTo("-");
    assertThat(decision.message()).contains("spec.paused").contains("When resumed, the next step is to");
  }

  static Stream<Arguments> backward() {
    return Stream.of(
        Arguments.of(Phase.REVERSE_SHADOW, Phase.SHADOW, "ApplyFlags shadow source+dual 0%"),
        Arguments.of(Phase.REVERSE_SHADOW, Phase.OLD, "ApplyFlags shadow source+dual 0%"),
        Arguments.of(Phase.SHADOW, Phase.OLD, "ApplyFlags old source 0%"));
  }

  @ParameterizedTest(name = "paused rollback {0} -> {1}: {2}")
  @MethodSource("backward")
  void rollbackStillWorksWhilePaused(Phase current, Phase desired, String work) {
    Decision decision = Given.in(current).desired(desired).paused().decide();

    assertThat(Describe.work(decision)).isEqualTo(work);
  }

  @Test
  void aRunningJobIsLeftToFinishAndObservedWhilePaused() {
    Decision decision = Given.in(Phase.SHADOW).backfill(RunState.Running, 1, 1, T0.plus(min(1)), null, null)
        .paused().decide();

    assertThat(decision.reason()).isEqualTo("Paused");
    assertThat(decision.actions()).noneMatch(a -> a instanceof Action.StartBackfill);
    assertThat(decision.message()).contains("Meanwhile:").contains("is copying the source into the target");
    assertThat(decision.condition(ConditionState.BACKFILL_COMPLETE).orElseThrow().reason()).isEqualTo("BackfillRunning");
  }

  @Test
  void aFailedCheckStillDropsReadsWhilePaused() {
    Decision decision = Given.in(Phase.SHADOW).backfillSucceeded().paused().readsAt(50, T0.plus(min(50)))
        .verification(VerificationPurpose.Check, Phase.SHADOW, 50, RunState.Succeeded, T0.plus(min(60)),
            T0.plus(min(65)), Map.of("teas", 1L))
        .after(min(66)).decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags shadow source+dual 0%");
  }

  @Test
  void pausedAtTheDesiredPhaseIsStillComplete() {
    assertThat(Given.in(Phase.NEW).paused().decide().step()).isEqualTo(Step.Complete);
  }

  @Test
  void pauseIsNotAWarning() {
    Decision decision = Given.in(Phase.OLD).paused().decide();

    assertThat(decision.actions()).singleElement().satisfies(action ->
        assertThat(((Action.RecordEvent) action).type()).isEqualTo(Action.EventType.Normal));
  }
}
