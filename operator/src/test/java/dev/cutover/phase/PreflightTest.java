package dev.cutover.phase;

import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import dev.cutover.api.PreflightProblem;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The preflight gates old -> shadow: nothing is written before it passed for the current generation. */
class PreflightTest {
  static final PreflightProblem PRICE = new PreflightProblem("teas", "price",
      "numeric(12,2) on the source cannot be written into integer on the target without loss");

  @ParameterizedTest(name = "old -> {0}: preflight first, no flag written")
  @CsvSource({"shadow", "reverse-shadow", "new"})
  void everyMoveOutOfOldStartsWithAPreflightAndWritesNoFlag(String desired) {
    Decision decision = Given.in(Phase.OLD).desired(Phase.fromValue(desired)).decide();

    assertThat(decision.step()).isEqualTo(Step.Preflight);
    assertThat(Describe.work(decision)).isEqualTo("StartPreflight #1 try 1");
    assertThat(decision.condition(ConditionState.PREFLIGHT_PASSED).orElseThrow().status())
        .isEqualTo(ConditionState.Status.Unknown);
  }

  @Test
  void whileItRunsNothingMoves() {
    Decision decision = Given.in(Phase.OLD).desired(Phase.SHADOW).preflight(RunState.Running, 1, 1, 1).decide();

    assertThat(decision.step()).isEqualTo(Step.Preflight);
    assertThat(decision.reason()).isEqualTo("PreflightRunning");
    assertThat(Describe.work(decision)).isEqualTo("-");
  }

  @Test
  void aPassForThisGenerationOpensShadow() {
    Decision decision = Given.in(Phase.OLD).desired(Phase.SHADOW).preflightPassed().decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags shadow source+dual 0%");
    ConditionState passed = decision.condition(ConditionState.PREFLIGHT_PASSED).orElseThrow();
    assertThat(passed.status()).isEqualTo(ConditionState.Status.True);
    assertThat(passed.reason()).isEqualTo("PreflightPassed");
  }

  @Test
  void aPassForAnEarlierGenerationDoesNotCount() {
    Decision decision = Given.in(Phase.OLD).desired(Phase.SHADOW).preflight(RunState.Succeeded, 1, 1, 1)
        .generation(2).decide();

    assertThat(Describe.work(decision)).isEqualTo("StartPreflight #2 try 1");
  }

  @Test
  void aRefusalBlocksInOldNamingTableAndColumnUntilTheGenerationChanges() {
    Given refused = Given.in(Phase.OLD).desired(Phase.NEW).preflight(RunState.Succeeded, 1, 1, 1, PRICE);

    Decision decision = refused.decide();
    Decision later = refused.after(min(600)).decide();
    Decision fixed = refused.generation(2).decide();

    assertThat(decision.step()).isEqualTo(Step.Blocked);
    assertThat(decision.reason()).isEqualTo("PreflightFailed");
    assertThat(Describe.work(decision)).isEqualTo("-");
    assertThat(decision.progress().phase()).isEqualTo(Phase.OLD);
    assertThat(decision.message()).contains("teas.price").contains("numeric(12,2)").contains("nothing was written")
        .contains("edit the Migration's spec");
    ConditionState condition = decision.condition(ConditionState.PREFLIGHT_PASSED).orElseThrow();
    assertThat(condition.status()).isEqualTo(ConditionState.Status.False);
    assertThat(condition.message()).contains("teas.price");
    assertThat(decision.actions()).anySatisfy(a -> assertThat(a)
        .isEqualTo(new Action.RecordEvent(Action.EventType.Warning, "PreflightFailed", decision.message())));
    assertThat(decision.requeueAfter()).isEmpty();
    assertThat(Describe.work(later)).isEqualTo("-");
    assertThat(Describe.work(fixed)).isEqualTo("StartPreflight #2 try 1");
  }

  @Test
  void aLongListOfProblemsSaysHowManyMoreAndWhereToReadThem() {
    Given given = Given.in(Phase.OLD).desired(Phase.SHADOW).preflight(RunState.Succeeded, 1, 1, 1, PRICE);
    given.preflight = new PreflightRun(given.preflight.request(), "tea-preflight-abcde", RunState.Succeeded,
        given.preflight.createdAt(), given.preflight.finishedAt(), false, given.preflight.problems(), 14, null);

    assertThat(given.decide().message()).contains("teas.price").contains("and 13 more")
        .contains("kubectl logs job/tea-preflight-abcde");
  }

  @ParameterizedTest(name = "maxAttempts {0}, try {1} could not reach a store: {2} {3}")
  @CsvSource({
    "3, 1, Preflight, StartPreflight #2 try 2",
    "3, 2, Preflight, StartPreflight #3 try 3",
    "3, 3, Failed,    -",
    "1, 1, Failed,    -",
  })
  void aStoreFailureIsRetriedLikeEveryJob(int maxAttempts, int failedTry, Step step, String work) {
    Given given = Given.in(Phase.OLD).desired(Phase.SHADOW).preflight(RunState.Failed, failedTry, failedTry, 1);
    given.spec.backfill.maxAttempts = maxAttempts;

    Decision decision = given.decide();

    assertThat(decision.step()).isEqualTo(step);
    assertThat(Describe.work(decision)).isEqualTo(work);
    assertThat(decision.progress().phase()).isEqualTo(Phase.OLD);
    if (step == Step.Failed) {
      assertThat(decision.message()).contains("StoreFailed").contains("Nothing was written");
      assertThat(decision.condition(ConditionState.DEGRADED).orElseThrow().status()).isEqualTo(ConditionState.Status.True);
    } else {
      assertThat(Describe.all(decision)).contains("Event Warning PreflightAttemptFailed");
    }
  }

  @Test
  void afterFailingForGoodASpecChangeStartsAFreshRun() {
    Decision decision = Given.in(Phase.OLD).desired(Phase.SHADOW).preflight(RunState.Failed, 3, 3, 1)
        .generation(2).decide();

    assertThat(Describe.work(decision)).isEqualTo("StartPreflight #4 try 1");
  }

  @Test
  void pausedHoldsThePreflightToo() {
    Decision decision = Given.in(Phase.OLD).desired(Phase.SHADOW).paused().decide();

    assertThat(decision.reason()).isEqualTo("Paused");
    assertThat(Describe.work(decision)).isEqualTo("-");
    assertThat(decision.message()).contains("start a preflight");
  }

  @Test
  void aMigrationAdoptedPastOldRunsNoPreflight() {
    Simulation sim = new Simulation(Given.spec(Phase.NEW), false);
    sim.configMap = FlagSet.forPhase(Phase.SHADOW);

    Decision adopted = sim.step();
    Decision next = sim.step();

    assertThat(adopted.progress().phase()).isEqualTo(Phase.SHADOW);
    assertThat(Describe.work(next)).isEqualTo("StartBackfill #1 try 1");
    assertThat(sim.preflight).isNull();
    assertThat(next.condition(ConditionState.PREFLIGHT_PASSED).orElseThrow().reason()).isEqualTo("PreflightNotRun");
  }

  @Test
  void specPhaseNewOnAnOldMigrationGoesThroughThePreflightBeforeAnyFlag() {
    Simulation sim = new Simulation(Given.spec(Phase.NEW), false);
    sim.configMap = FlagSet.forPhase(Phase.OLD);
    sim.step(); // adopt old

    Decision first = sim.step();
    sim.finishPreflight(null, PRICE);
    Decision refused = sim.step();
    sim.changeSpec(Phase.NEW);
    Decision rerun = sim.step();
    sim.finishPreflight(null);
    Decision shadow = sim.step();

    assertThat(Describe.work(first)).isEqualTo("StartPreflight #1 try 1");
    assertThat(refused.step()).isEqualTo(Step.Blocked);
    assertThat(Describe.work(rerun)).isEqualTo("StartPreflight #2 try 1");
    assertThat(Describe.work(shadow)).isEqualTo("ApplyFlags shadow source+dual 0%");
    assertThat(sim.flagWrites).extracting(Describe::flags).containsExactly("source 0%", "source+dual 0%");
  }

  @Test
  void statusProjectionKeepsThePreflightOutOfTheEngineFields() {
    Decision decision = Given.in(Phase.OLD).desired(Phase.SHADOW).preflight(RunState.Succeeded, 1, 1, 1, PRICE).decide();
    MigrationStatus status = new MigrationStatus();

    decision.writeTo(status);

    assertThat(status.preflight).as("status.preflight is the reconciler's, kept from the Job").isNull();
    assertThat(status.conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("PreflightPassed");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("PreflightFailed");
    });
  }
}
