package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inside shadow, in order, each step waiting for the one before: flags and rollout, backfill,
 * verification, read ramp; then reverse-shadow when spec.phase asks for more. spec.phase is new
 * unless the row says otherwise.
 */
class ShadowStepsTest {

  static Stream<Arguments> steps() {
    return Stream.of(
        row("flags applied, rollout still running: no backfill yet",
            () -> Given.in(Phase.SHADOW).rolloutPending(), Step.WaitingForRollout, "RolloutInProgress", "-"),
        row("rolled out, no backfill yet: start one",
            () -> Given.in(Phase.SHADOW), Step.Backfilling, "BackfillStarted", "StartBackfill #1 try 1"),
        row("backfill running",
            () -> Given.in(Phase.SHADOW).backfill(RunState.Running, 1, 1, T0.plus(min(1)), null, null),
            Step.Backfilling, "BackfillRunning", "-"),
        row("backfill succeeded, nothing verified: start a check",
            () -> Given.in(Phase.SHADOW).backfillSucceeded().after(min(31)),
            Step.Verifying, "VerificationStarted", "StartVerification #1 Check try 1 in shadow at 0%"),
        row("verification running",
            () -> Given.in(Phase.SHADOW).backfillSucceeded().after(min(35)).verification(
                dev.cutover.api.VerificationPurpose.Check, Phase.SHADOW, 0, RunState.Running, T0.plus(min(31)), null,
                java.util.Map.of()),
            Step.Verifying, "VerificationRunning", "-"),
        row("verified: reads move to the first ramp step",
            Given::shadowVerified, Step.Ramping, "ReadRampStep", "ApplyFlags shadow source+dual 10%"),
        row("10% held 5m of 10m",
            () -> Given.shadowVerified().readsAt(10, T0.plus(min(41))).after(min(46)),
            Step.Ramping, "ReadRampHolding", "-"),
        row("10% held 10m: 50%",
            () -> Given.shadowVerified().readsAt(10, T0.plus(min(41))).after(min(51)),
            Step.Ramping, "ReadRampStep", "ApplyFlags shadow source+dual 50%"),
        row("50% held 10m: 100%",
            () -> Given.shadowVerified().readsAt(50, T0.plus(min(51))).after(min(61)),
            Step.Ramping, "ReadRampStep", "ApplyFlags shadow source+dual 100%"),
        row("100% held 9m: ramp not complete",
            () -> Given.shadowVerified().readsAt(100, T0.plus(min(61))).after(min(70)),
            Step.Ramping, "ReadRampHolding", "-"),
        row("100% held 10m, spec.phase shadow: Complete",
            () -> Given.shadowVerified().readsAt(100, T0.plus(min(61))).after(min(71)).desired(Phase.SHADOW),
            Step.Complete, "Complete", "-"),
        row("100% held 10m, spec.phase new: the target's sequences move first",
            () -> Given.shadowVerified().readsAt(100, T0.plus(min(61))).after(min(71)),
            Step.MovingSequences, "SequencesStarted", "StartSequences #1 to target try 1"),
        row("sequences moving: no switch yet",
            () -> Given.shadowVerified().readsAt(100, T0.plus(min(61))).after(min(72))
                .sequences(dev.cutover.api.SequenceSide.TARGET, RunState.Running, 1, 1, T0.plus(min(71)), null),
            Step.MovingSequences, "SequencesMoving", "-"),
        row("sequences moved 20s ago: reverse-shadow",
            () -> Given.shadowVerified().readsAt(100, T0.plus(min(61))).after(min(72))
                .sequences(dev.cutover.api.SequenceSide.TARGET, RunState.Succeeded, 1, 1, T0.plus(min(71)),
                    T0.plus(min(72)).minusSeconds(20)),
            Step.FlagsApplied, "PhaseChanged", "ApplyFlags reverse-shadow target+dual 100%"),
        row("10% rollout still running: the ramp waits",
            () -> Given.shadowVerified().readsAt(10, T0.plus(min(41))).after(min(60)).rolloutPending(),
            Step.WaitingForRollout, "RolloutInProgress", "-"));
  }

  static Arguments row(String name, Supplier<Given> given, Step step, String reason, String work) {
    return Arguments.of(name, given, step, reason, work);
  }

  @ParameterizedTest(name = "{0}: {2}/{3}, {4}")
  @MethodSource("steps")
  void eachStepWaitsForTheOneBefore(String name, Supplier<Given> given, Step step, String reason, String work) {
    Decision decision = given.get().decide();

    assertThat(decision.step()).as(decision.message()).isEqualTo(step);
    assertThat(decision.reason()).isEqualTo(reason);
    assertThat(Describe.work(decision)).isEqualTo(work);
  }

  @org.junit.jupiter.api.Test
  void holdingARampStepAsksToBeCalledWhenTheIntervalEnds() {
    Decision decision = Given.shadowVerified().readsAt(10, T0.plus(min(41))).after(min(44)).decide();

    assertThat(decision.requeueAfter()).contains(Duration.ofMinutes(7));
    assertThat(decision.message()).contains("next step (50%)").contains("2025-03-01T09:51:00Z");
  }

  @org.junit.jupiter.api.Test
  void rampStepPositionIsRecordedForStatus() {
    Decision decision = Given.shadowVerified().readsAt(10, T0.plus(min(41))).after(min(51)).decide();

    assertThat(decision.progress().readPercent()).isEqualTo(50);
    assertThat(decision.rampStep()).isEqualTo(1);
    assertThat(decision.progress().rampStepSince()).isEqualTo(T0.plus(min(51)));
  }
}
