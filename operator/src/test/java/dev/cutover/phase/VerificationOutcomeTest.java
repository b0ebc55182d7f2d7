package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import dev.cutover.api.VerificationPurpose;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Mismatches block with a message naming tables and rows; repair, then verify again; Job failures retry. */
class VerificationOutcomeTest {
  static final Map<String, Long> MISMATCHES = new LinkedHashMap<>(Map.of("teas", 12L));

  /** The gate before the read ramp, the latest run finished at T0+40m; now T0+41m. */
  static Given afterRun(VerificationPurpose purpose, RunState state, Map<String, Long> mismatches) {
    return Given.in(Phase.SHADOW).backfillSucceeded()
        .verification(purpose, 1, 1, Phase.SHADOW, 0, state, T0.plus(min(31)), T0.plus(min(40)), mismatches)
        .after(min(41));
  }

  @ParameterizedTest(name = "repair {0}, latest {1} {2}: {3} {4}")
  @CsvSource({
    "false, Check,   mismatches, Blocked,   -",
    "true,  Check,   mismatches, Verifying, StartVerification #2 Repair try 1 in shadow at 0%",
    "true,  Repair,  mismatches, Verifying, StartVerification #2 Recheck try 1 in shadow at 0%",
    "true,  Repair,  clean,      Verifying, StartVerification #2 Recheck try 1 in shadow at 0%",
    "true,  Recheck, clean,      Ramping,   ApplyFlags shadow source+dual 10%",
    "true,  Recheck, mismatches, Blocked,   -",
    "false, Check,   clean,      Ramping,   ApplyFlags shadow source+dual 10%",
  })
  void repairThenVerifyAgain(boolean repair, VerificationPurpose purpose, String result, Step step, String work) {
    Given given = afterRun(purpose, RunState.Succeeded, result.equals("clean") ? Map.of() : MISMATCHES);
    if (repair) {
      given.repair();
    }

    Decision decision = given.decide();

    assertThat(decision.step()).isEqualTo(step);
    assertThat(Describe.work(decision)).isEqualTo(work);
  }

  @Test
  void theRecheckSaysHowManyRowsTheRepairRewroteNotHowManyWereLeft() {
    Decision decision = afterRun(VerificationPurpose.Repair, RunState.Succeeded, Map.of("teas", 0L))
        .repaired(Map.of("teas", 1L)).repair().decide();

    assertThat(decision.reason()).isEqualTo("RecheckStarted");
    assertThat(decision.message()).contains("rewrote 1 row (teas: 1 row) from the primary").doesNotContain("0 rows");
    assertThat(decision.condition(ConditionState.VERIFIED).orElseThrow().message())
        .contains("rewrote 1 row (teas: 1 row) from the primary");
  }

  @Test
  void aRepairReadFromStatusKeepsTheRowsItRewrote() {
    dev.cutover.api.VerificationStatus status = new dev.cutover.api.VerificationStatus();
    status.state = RunState.Succeeded;
    status.purpose = VerificationPurpose.Repair;
    dev.cutover.api.TableVerification teas = new dev.cutover.api.TableVerification();
    teas.name = "teas";
    teas.repaired = 3;
    status.tables = java.util.List.of(teas);

    VerificationRun run = VerificationRun.fromStatus(status).orElseThrow();

    assertThat(run.repairedByTable()).containsEntry("teas", 3L);
    assertThat(run.repairSummary()).isEqualTo("3 rows (teas: 3 rows)");
  }

  @Test
  void onlyTheRepairRunAsksTheWorkerToRewriteRows() {
    Decision decision = afterRun(VerificationPurpose.Check, RunState.Succeeded, MISMATCHES).repair().decide();

    Action.StartVerification start = (Action.StartVerification) decision.actions().get(0);
    assertThat(start.request().repair()).isTrue();
    assertThat(new VerificationRequest(1, 1, 1, VerificationPurpose.Recheck, Phase.SHADOW, 0).repair()).isFalse();
  }

  @Test
  void mismatchesBlockWithAMessageNamingEachTableAndItsRowCount() {
    Map<String, Long> tables = new LinkedHashMap<>();
    tables.put("teas", 12L);
    tables.put("kinds", 0L);
    tables.put("brews", 1L);

    Decision decision = afterRun(VerificationPurpose.Check, RunState.Succeeded, tables).decide();

    assertThat(decision.reason()).isEqualTo("MismatchesFound");
    assertThat(decision.message()).contains("found 13 mismatching rows: teas: 12 rows, brews: 1 row")
        .doesNotContain("kinds").contains("spec.verification.repair");
    assertThat(decision.condition(ConditionState.VERIFIED).orElseThrow().status())
        .isEqualTo(ConditionState.Status.False);
    assertThat(decision.actions()).singleElement().isEqualTo(
        new Action.RecordEvent(Action.EventType.Warning, "MismatchesFound", decision.message()));
  }

  @Test
  void aMismatchNeverAdvancesHoweverOftenItIsDecided() {
    Given given = afterRun(VerificationPurpose.Check, RunState.Succeeded, MISMATCHES);
    for (int minute = 41; minute < 24 * 60; minute += 37) {
      Decision decision = given.after(min(minute)).decide();
      assertThat(decision.step()).isEqualTo(Step.Blocked);
      assertThat(Describe.work(decision)).isEqualTo("-");
    }
  }

  @Test
  void aSpecChangeOrExpiryVerifiesAgainAfterAMismatch() {
    Decision changed = afterRun(VerificationPurpose.Check, RunState.Succeeded, MISMATCHES).generation(2).decide();
    Decision expired = afterRun(VerificationPurpose.Check, RunState.Succeeded, MISMATCHES)
        .after(min(41).plusHours(24)).decide();

    assertThat(changed.reason()).isEqualTo("VerificationRestarted");
    assertThat(Describe.work(changed)).isEqualTo("StartVerification #2 Check try 1 in shadow at 0%");
    assertThat(expired.reason()).isEqualTo("VerificationExpired");
  }

  @Test
  void aMismatchBlockAsksToBeCalledWhenItExpires() {
    Decision decision = afterRun(VerificationPurpose.Check, RunState.Succeeded, MISMATCHES).decide();

    assertThat(decision.requeueAfter()).contains(java.time.Duration.ofHours(24).minus(min(1)).plusSeconds(1));
  }

  @ParameterizedTest(name = "{0} Job failed on try {1} of 3: {2} {3}")
  @CsvSource({
    "Check,  1, Verifying, StartVerification #2 Check try 2 in shadow at 0%",
    "Repair, 2, Verifying, StartVerification #2 Repair try 3 in shadow at 0%",
    "Check,  3, Failed,    -",
  })
  void aVerificationJobThatFailsToRunIsRetriedThenFailed(VerificationPurpose purpose, int tries, Step step, String work) {
    Given given = Given.in(Phase.SHADOW).backfillSucceeded().repair()
        .verification(purpose, 1, tries, Phase.SHADOW, 0, RunState.Failed, T0.plus(min(31)), T0.plus(min(40)), Map.of())
        .after(min(41));

    Decision decision = given.decide();

    assertThat(decision.step()).isEqualTo(step);
    assertThat(Describe.work(decision)).isEqualTo(work);
    if (step == Step.Failed) {
      assertThat(decision.message()).contains("exit code 3: target unreachable");
      assertThat(given.generation(2).decide().reason()).isEqualTo("VerificationRestarted");
    }
  }

  @Test
  void aMismatchInReverseShadowHoldsTheMoveToNewAndOffersRollback() {
    Decision decision = Given.in(Phase.REVERSE_SHADOW)
        .verification(VerificationPurpose.Check, Phase.REVERSE_SHADOW, 100, RunState.Succeeded, T0.plus(min(61)),
            T0.plus(min(70)), MISMATCHES)
        .after(min(71)).decide();

    assertThat(decision.reason()).isEqualTo("MismatchesFound");
    assertThat(decision.message()).contains("the move to new is held").contains("spec.phase: shadow");
    assertThat(decision.progress().readPercent()).isEqualTo(100);
  }
}
