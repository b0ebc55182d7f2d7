package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A failed backfill is retried as a new Job until spec.backfill.maxAttempts, then the step is Failed. */
class BackfillRetryTest {

  @ParameterizedTest(name = "maxAttempts {0}, try {1} failed: {2} {3}")
  @CsvSource({
    "3, 1, Backfilling, StartBackfill #2 try 2",
    "3, 2, Backfilling, StartBackfill #3 try 3",
    "3, 3, Failed,      -",
    "1, 1, Failed,      -",
    "5, 4, Backfilling, StartBackfill #5 try 5",
    "5, 5, Failed,      -",
  })
  void failedTryIsRetriedUntilMaxAttempts(int maxAttempts, int failedTry, Step step, String work) {
    Given given = failedBackfill(failedTry);
    given.spec.backfill.maxAttempts = maxAttempts;

    Decision decision = given.decide();

    assertThat(decision.step()).isEqualTo(step);
    assertThat(Describe.work(decision)).isEqualTo(work);
  }

  @Test
  void aRetryIsAnnouncedAsAWarningWithTheJobsReason() {
    Decision decision = failedBackfill(1).decide();

    assertThat(decision.actions()).anySatisfy(action -> {
      assertThat(action).isInstanceOf(Action.RecordEvent.class);
      Action.RecordEvent event = (Action.RecordEvent) action;
      assertThat(event.type()).isEqualTo(Action.EventType.Warning);
      assertThat(event.reason()).isEqualTo("BackfillAttemptFailed");
      assertThat(event.message()).contains("exit code 3: source unreachable").contains("try 1 of 3");
    });
  }

  @Test
  void failedIsTerminalUntilTheSpecChanges() {
    Given given = failedBackfill(3);

    Decision first = given.decide();
    Decision later = given.after(min(500)).decide();

    assertThat(first.step()).isEqualTo(Step.Failed);
    assertThat(first.message()).contains("exit code 3: source unreachable").contains("edit the Migration's spec");
    assertThat(first.condition(ConditionState.DEGRADED).orElseThrow().status()).isEqualTo(ConditionState.Status.True);
    assertThat(first.requeueAfter()).isEmpty();
    assertThat(later.step()).isEqualTo(Step.Failed);
    assertThat(later.actions()).noneMatch(a -> a instanceof Action.StartBackfill);
  }

  @Test
  void aSpecChangeAfterFailedStartsANewRunWithAFreshBudgetAndANewAttemptNumber() {
    Decision decision = failedBackfill(3).generation(2).decide();

    assertThat(decision.reason()).isEqualTo("BackfillRestarted");
    assertThat(Describe.work(decision)).isEqualTo("StartBackfill #4 try 1");
  }

  @Test
  void failedWinsOverPaused() {
    assertThat(failedBackfill(3).paused().decide().step()).isEqualTo(Step.Failed);
  }

  @Test
  void rollbackStillWorksAfterFailed() {
    Decision decision = failedBackfill(3).generation(2).desired(Phase.OLD).decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags old source 0%");
  }

  static Given failedBackfill(int tryNumber) {
    return Given.in(Phase.SHADOW)
        .backfill(RunState.Failed, tryNumber, tryNumber, T0.plus(min(tryNumber * 10L)), T0.plus(min(tryNumber * 10L + 5)),
            "exit code 3: source unreachable")
        .after(min(60));
  }
}
