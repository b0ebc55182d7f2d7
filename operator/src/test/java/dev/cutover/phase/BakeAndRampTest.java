package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import dev.cutover.api.VerificationPurpose;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** reverse-shadow held for spec.bake before new; the read ramp's interval and verifyEachStep. */
class BakeAndRampTest {

  @ParameterizedTest(name = "bake {0}, {1}m in reverse-shadow, no verification yet: {2}, {3}")
  @CsvSource({
    "1h, 30, Baking,    -",
    "1h, 59, Baking,    -",
    "1h, 60, Verifying, StartVerification #1 Check try 1 in reverse-shadow at 100%",
    "0s, 0,  Verifying, StartVerification #1 Check try 1 in reverse-shadow at 100%",
    "2h, 90, Baking,    -",
  })
  void verificationBeforeNewStartsOnlyOnceBakeHasElapsed(String bake, int minutes, Step step, String work) {
    Given given = Given.in(Phase.REVERSE_SHADOW).after(min(minutes));
    given.spec.bake = bake;

    Decision decision = given.decide();

    assertThat(decision.step()).isEqualTo(step);
    assertThat(Describe.work(decision)).isEqualTo(work);
  }

  @Test
  void bakingAsksToBeCalledWhenBakeEnds() {
    Decision decision = Given.in(Phase.REVERSE_SHADOW).after(min(20)).decide();

    assertThat(decision.requeueAfter()).contains(min(40));
    assertThat(decision.message()).contains("done at 2025-03-01T10:00:00Z");
  }

  @Test
  void bakeElapsedAndAFreshPassingVerificationInsideReverseShadowMoveToNew() {
    Decision decision = Given.in(Phase.REVERSE_SHADOW).verified(Phase.REVERSE_SHADOW, 100, T0.plus(min(61)), T0.plus(min(70)))
        .after(min(71)).decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags new target 100%");
    assertThat(decision.progress().phaseSince()).isEqualTo(T0.plus(min(71)));
  }

  @ParameterizedTest(name = "verifyEachStep at {0}%: verification {1} -> {2}")
  @CsvSource({
    "10,  none,   StartVerification #1 Check try 1 in shadow at 10%",
    "10,  passed, ApplyFlags shadow source+dual 50%",
    "10,  failed, ApplyFlags shadow source+dual 0%",
    "50,  passed, ApplyFlags shadow source+dual 100%",
    "50,  failed, ApplyFlags shadow source+dual 0%",
    "100, none,   StartVerification #1 Check try 1 in shadow at 100%",
    "100, passed, StartSequences #1 to target try 1",
    "100, failed, ApplyFlags shadow source+dual 0%",
  })
  void verifyEachStepChecksBeforeEveryNextStepAndAFailureDropsReadsToZero(int reads, String result, String work) {
    Given given = Given.in(Phase.SHADOW).backfillSucceeded().verifyEachStep()
        .readsAt(reads, T0.plus(min(60))).after(min(75));
    if (!result.equals("none")) {
      Map<String, Long> mismatches = result.equals("failed") ? Map.of("teas", 3L) : Map.of();
      given.verification(VerificationPurpose.Check, Phase.SHADOW, reads, RunState.Succeeded, T0.plus(min(70)),
          T0.plus(min(74)), mismatches);
    }

    Decision decision = given.decide();

    assertThat(Describe.work(decision)).isEqualTo(work);
  }

  @Test
  void aFailedStepCheckMarksVerifiedFalseAndSaysWhichTable() {
    Decision decision = Given.in(Phase.SHADOW).backfillSucceeded().verifyEachStep()
        .readsAt(50, T0.plus(min(60))).after(min(75))
        .verification(VerificationPurpose.Check, Phase.SHADOW, 50, RunState.Succeeded, T0.plus(min(70)),
            T0.plus(min(74)), Map.of("teas", 3L))
        .decide();

    assertThat(decision.reason()).isEqualTo("ReadsDropped");
    assertThat(decision.progress().readPercent()).isZero();
    assertThat(decision.progress().rampStepSince()).isNull();
    ConditionState verified = decision.condition(ConditionState.VERIFIED).orElseThrow();
    assertThat(verified.status()).isEqualTo(ConditionState.Status.False);
    assertThat(verified.message()).contains("teas: 3 rows");
  }

  @Test
  void withoutVerifyEachStepTheFirstCheckCarriesTheWholeRamp() {
    Decision decision = Given.shadowVerified().readsAt(50, T0.plus(min(51))).after(min(61)).decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags shadow source+dual 100%");
  }

  @Test
  void aRampLongerThanMaxAgeVerifiesAgainBeforeTheNextStepWithoutDroppingReads() {
    Decision decision = Given.shadowVerified().readsAt(50, T0.plus(min(51))).after(Duration.ofHours(26)).decide();

    assertThat(decision.reason()).isEqualTo("VerificationExpired");
    assertThat(Describe.work(decision)).isEqualTo("StartVerification #2 Check try 1 in shadow at 50%");
    assertThat(decision.progress().readPercent()).isEqualTo(50);
  }

  @Test
  void rampStepsChangedInTheSpecContinueFromTheNextHigherStep() {
    Given given = Given.shadowVerified().readsAt(50, T0.plus(min(51))).after(min(61));
    given.spec.readRamp.steps = new java.util.ArrayList<>(java.util.List.of(25, 75, 100));

    assertThat(Describe.work(given.decide())).isEqualTo("ApplyFlags shadow source+dual 75%");
  }
}
