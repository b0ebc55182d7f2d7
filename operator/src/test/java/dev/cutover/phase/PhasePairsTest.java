package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.SequenceSide;
import dev.cutover.api.Step;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (current phase, spec.phase) pair. Two tables: the first decision right after the flags
 * entered the current phase (no gate of it open yet), and with every gate of the current phase open.
 */
class PhasePairsTest {

  static Stream<Arguments> justEntered() {
    return Stream.of(
        Arguments.of(Phase.OLD, Phase.OLD, Step.Complete, "Complete", "-"),
        Arguments.of(Phase.OLD, Phase.SHADOW, Step.Preflight, "PreflightStarted", "StartPreflight #1 try 1"),
        Arguments.of(Phase.OLD, Phase.REVERSE_SHADOW, Step.Preflight, "PreflightStarted", "StartPreflight #1 try 1"),
        Arguments.of(Phase.OLD, Phase.NEW, Step.Preflight, "PreflightStarted", "StartPreflight #1 try 1"),
        Arguments.of(Phase.SHADOW, Phase.OLD, Step.FlagsApplied, "RolledBack", "ApplyFlags old source 0%"),
        Arguments.of(Phase.SHADOW, Phase.SHADOW, Step.Backfilling, "BackfillStarted", "StartBackfill #1 try 1"),
        Arguments.of(Phase.SHADOW, Phase.REVERSE_SHADOW, Step.Backfilling, "BackfillStarted", "StartBackfill #1 try 1"),
        Arguments.of(Phase.SHADOW, Phase.NEW, Step.Backfilling, "BackfillStarted", "StartBackfill #1 try 1"),
        Arguments.of(Phase.REVERSE_SHADOW, Phase.OLD, Step.FlagsApplied, "RolledBack", "ApplyFlags shadow source+dual 0%"),
        Arguments.of(Phase.REVERSE_SHADOW, Phase.SHADOW, Step.FlagsApplied, "RolledBack", "ApplyFlags shadow source+dual 0%"),
        Arguments.of(Phase.REVERSE_SHADOW, Phase.REVERSE_SHADOW, Step.Complete, "Complete", "-"),
        Arguments.of(Phase.REVERSE_SHADOW, Phase.NEW, Step.Baking, "Baking", "-"),
        Arguments.of(Phase.NEW, Phase.OLD, Step.Blocked, "RollbackRefused", "-"),
        Arguments.of(Phase.NEW, Phase.SHADOW, Step.Blocked, "RollbackRefused", "-"),
        Arguments.of(Phase.NEW, Phase.REVERSE_SHADOW, Step.Blocked, "RollbackRefused", "-"),
        Arguments.of(Phase.NEW, Phase.NEW, Step.Complete, "Complete", "-"));
  }

  @ParameterizedTest(name = "flags just entered {0}, spec.phase {1}: {2}/{3}, {4}")
  @MethodSource("justEntered")
  void firstDecisionAfterEnteringAPhase(Phase current, Phase desired, Step step, String reason, String work) {
    Decision decision = Given.in(current).desired(desired).after(min(5)).decide();

    assertThat(decision.step()).isEqualTo(step);
    assertThat(decision.reason()).isEqualTo(reason);
    assertThat(Describe.work(decision)).isEqualTo(work);
  }

  static Stream<Arguments> gatesOpen() {
    return Stream.of(
        Arguments.of(Phase.OLD, Phase.OLD, Step.Complete, "-"),
        Arguments.of(Phase.OLD, Phase.SHADOW, Step.FlagsApplied, "ApplyFlags shadow source+dual 0%"),
        Arguments.of(Phase.OLD, Phase.REVERSE_SHADOW, Step.FlagsApplied, "ApplyFlags shadow source+dual 0%"),
        Arguments.of(Phase.OLD, Phase.NEW, Step.FlagsApplied, "ApplyFlags shadow source+dual 0%"),
        Arguments.of(Phase.SHADOW, Phase.OLD, Step.FlagsApplied, "ApplyFlags shadow source+dual 0%"),
        Arguments.of(Phase.SHADOW, Phase.SHADOW, Step.Complete, "-"),
        Arguments.of(Phase.SHADOW, Phase.REVERSE_SHADOW, Step.FlagsApplied, "ApplyFlags reverse-shadow target+dual 100%"),
        Arguments.of(Phase.SHADOW, Phase.NEW, Step.FlagsApplied, "ApplyFlags reverse-shadow target+dual 100%"),
        Arguments.of(Phase.REVERSE_SHADOW, Phase.OLD, Step.FlagsApplied, "ApplyFlags shadow source+dual 0%"),
        Arguments.of(Phase.REVERSE_SHADOW, Phase.SHADOW, Step.FlagsApplied, "ApplyFlags shadow source+dual 0%"),
        Arguments.of(Phase.REVERSE_SHADOW, Phase.REVERSE_SHADOW, Step.Complete, "-"),
        Arguments.of(Phase.REVERSE_SHADOW, Phase.NEW, Step.FlagsApplied, "ApplyFlags new target 100%"),
        Arguments.of(Phase.NEW, Phase.OLD, Step.Blocked, "-"),
        Arguments.of(Phase.NEW, Phase.SHADOW, Step.Blocked, "-"),
        Arguments.of(Phase.NEW, Phase.REVERSE_SHADOW, Step.Blocked, "-"),
        Arguments.of(Phase.NEW, Phase.NEW, Step.Complete, "-"));
  }

  @ParameterizedTest(name = "every gate of {0} open, spec.phase {1}: {2}, {3}")
  @MethodSource("gatesOpen")
  void decisionWithEveryGateOfTheCurrentPhaseOpen(Phase current, Phase desired, Step step, String work) {
    Decision decision = gatesOpenIn(current).desired(desired).decide();

    assertThat(decision.step()).isEqualTo(step);
    assertThat(Describe.work(decision)).isEqualTo(work);
  }

  /**
   * old: rolled out, preflight passed. shadow: backfilled, verified, 100% held past the interval, the
   * target's sequences moved 30s ago. reverse-shadow: baked 2h and verified inside it. new: rolled out.
   */
  static Given gatesOpenIn(Phase phase) {
    return switch (phase) {
      case OLD -> Given.in(phase).after(min(5)).preflightPassed();
      case SHADOW -> Given.shadowVerified().readsAt(100, T0.plus(min(60))).after(min(75))
          .sequences(SequenceSide.TARGET, RunState.Succeeded, 1, 1, T0.plus(min(74)), T0.plus(min(74)).plusSeconds(30));
      case REVERSE_SHADOW -> Given.in(phase).backfill(RunState.Succeeded, 1, 1,
              T0.minus(min(60)), T0.minus(min(30)), null)
          .verified(Phase.REVERSE_SHADOW, 100, T0.plus(min(60)), T0.plus(min(70))).after(min(120));
      default -> Given.in(phase).after(min(5));
    };
  }
}
