package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A verification opens a gate only if it started after the current phase's flags were applied and
 * after the last backfill finished, ran in the current phase, and finished no longer than maxAge
 * (24h) ago. A stale one starts a new verification; it never passes silently.
 */
class FreshnessTest {
  static final Instant FLAGS = T0;
  static final Instant BACKFILLED = T0.plus(min(30));

  /** Gate before the read ramp: shadow flags at T0, backfill finished T0+30m. */
  static Stream<Arguments> shadowGate() {
    return Stream.of(
        Arguments.of("fresh: after flags and backfill, 10m old", Phase.SHADOW, min(31), min(40), min(50), true, null),
        Arguments.of("exactly maxAge old", Phase.SHADOW, min(31), min(40), min(40).plusHours(24), true, null),
        Arguments.of("older than maxAge", Phase.SHADOW, min(31), min(40), min(41).plusHours(24), false, "VerificationExpired"),
        Arguments.of("started before the last backfill finished", Phase.SHADOW, min(20), min(35), min(50), false, "VerificationStale"),
        Arguments.of("started before the shadow flags were applied", Phase.SHADOW, min(-10), min(35), min(50), false, "VerificationStale"),
        Arguments.of("taken in an earlier phase (old)", Phase.OLD, min(31), min(40), min(50), false, "VerificationStarted"));
  }

  @ParameterizedTest(name = "{0}: opens {5}")
  @MethodSource("shadowGate")
  void shadowGateOpensOnlyOnAFreshVerification(
      String name, Phase ranIn, Duration created, Duration finished, Duration now, boolean opens, String reason) {
    Decision decision = Given.in(Phase.SHADOW).backfillSucceeded()
        .verified(ranIn, 0, FLAGS.plus(created), FLAGS.plus(finished)).after(now).decide();

    if (opens) {
      assertThat(Describe.work(decision)).isEqualTo("ApplyFlags shadow source+dual 10%");
    } else {
      assertThat(decision.step()).isEqualTo(Step.Verifying);
      assertThat(decision.reason()).isEqualTo(reason);
      assertThat(Describe.work(decision)).isEqualTo("StartVerification #2 Check try 1 in shadow at 0%");
    }
  }

  /**
   * Status keeps whole seconds, while a Job's completion time may carry a fraction. A verification
   * the engine started in the same second as it saw the backfill finish came after it: it must not
   * be thrown away (on a large table that would repeat hours of comparison).
   */
  @org.junit.jupiter.api.Test
  void aVerificationStartedInTheSecondTheBackfillFinishedIsFresh() {
    Instant finished = FLAGS.plus(min(30)).plusMillis(700);
    Decision decision = Given.in(Phase.SHADOW)
        .backfill(RunState.Succeeded, 1, 1, FLAGS.plus(min(1)), finished, null)
        .verified(Phase.SHADOW, 0, FLAGS.plus(min(30)), FLAGS.plus(min(40))).after(min(50)).decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags shadow source+dual 10%");
  }

  /** Gate to new: reverse-shadow flags at T0, bake 1h, now T0+3h. */
  static Stream<Arguments> reverseShadowGate() {
    return Stream.of(
        Arguments.of("taken inside reverse-shadow after bake", Phase.REVERSE_SHADOW, min(61), min(70), true, null),
        Arguments.of("taken in shadow, before the target became primary", Phase.SHADOW, min(-30), min(-20), false, "VerificationStarted"),
        Arguments.of("labelled reverse-shadow but started before its flags (an earlier stay)", Phase.REVERSE_SHADOW, min(-90), min(-80), false, "VerificationStale"));
  }

  @ParameterizedTest(name = "{0}: opens {3}")
  @MethodSource("reverseShadowGate")
  void moveToNewNeedsAVerificationTakenInsideReverseShadow(
      String name, Phase ranIn, Duration created, Duration finished, boolean opens, String reason) {
    Decision decision = Given.in(Phase.REVERSE_SHADOW)
        .backfill(RunState.Succeeded, 1, 1, T0.minus(min(200)), T0.minus(min(150)), null)
        .verified(ranIn, 100, FLAGS.plus(created), FLAGS.plus(finished)).after(min(180)).decide();

    if (opens) {
      assertThat(Describe.work(decision)).isEqualTo("ApplyFlags new target 100%");
    } else {
      assertThat(decision.reason()).isEqualTo(reason);
      assertThat(Describe.work(decision)).isEqualTo("StartVerification #2 Check try 1 in reverse-shadow at 100%");
    }
  }

  @org.junit.jupiter.api.Test
  void aStaleMessageSaysWhichTimeItIsOlderThan() {
    Decision decision = Given.in(Phase.SHADOW).backfillSucceeded()
        .verified(Phase.SHADOW, 0, T0.plus(min(20)), T0.plus(min(35))).after(min(50)).decide();

    assertThat(decision.message()).contains("before the last backfill finished at 2025-03-01T09:30:00Z");
  }

  @org.junit.jupiter.api.Test
  void shorterMaxAgeExpiresSooner() {
    Given given = Given.in(Phase.SHADOW).backfillSucceeded()
        .verified(Phase.SHADOW, 0, T0.plus(min(31)), T0.plus(min(40))).after(min(40).plusHours(2));
    given.spec.verification.maxAge = "1h";

    Decision decision = given.decide();

    assertThat(decision.reason()).isEqualTo("VerificationExpired");
    assertThat(decision.message()).contains("longer than spec.verification.maxAge (60m)");
  }

  @org.junit.jupiter.api.Test
  void aParkedMigrationStaysCompleteWhenItsVerificationAgesButVerifiedTurnsUnknown() {
    Decision decision = Given.shadowVerified().readsAt(100, T0.plus(min(61))).desired(Phase.SHADOW)
        .after(Duration.ofDays(3)).decide();

    assertThat(decision.step()).isEqualTo(Step.Complete);
    assertThat(decision.actions()).noneMatch(a -> a instanceof Action.StartVerification);
    assertThat(decision.condition(ConditionState.VERIFIED).orElseThrow().reason()).isEqualTo("VerificationExpired");
  }

  @org.junit.jupiter.api.Test
  void completeAsksToBeCalledWhenTheVerificationExpires() {
    Decision decision = Given.shadowVerified().readsAt(100, T0.plus(min(61))).desired(Phase.SHADOW)
        .after(min(100)).decide();

    assertThat(decision.condition(ConditionState.VERIFIED).orElseThrow().status())
        .isEqualTo(ConditionState.Status.True);
    assertThat(decision.requeueAfter()).contains(Duration.ofHours(24).minus(min(60)).plusSeconds(1));
  }
}
