package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rollback is immediate and ungated, reads drop to 0 first; out of new it is refused. */
class RollbackTest {

  @Test
  void fromReverseShadowReadsGoToZeroAndThePrimaryToTheSourceInOneWrite() {
    Decision decision = PhasePairsTest.gatesOpenIn(Phase.REVERSE_SHADOW).desired(Phase.SHADOW).decide();

    assertThat(decision.actions()).filteredOn(a -> a instanceof Action.ApplyFlags).singleElement()
        .isEqualTo(new Action.ApplyFlags(Phase.SHADOW, new FlagSet(FlagSet.Primary.SOURCE, true, 0)));
    assertThat(decision.progress().phase()).isEqualTo(Phase.SHADOW);
    assertThat(decision.reason()).isEqualTo("RolledBack");
  }

  @Test
  void rollbackIgnoresAPendingRolloutAndRunningJobs() {
    Decision decision = Given.in(Phase.REVERSE_SHADOW).rolloutPending().desired(Phase.SHADOW)
        .verification(dev.cutover.api.VerificationPurpose.Check, Phase.REVERSE_SHADOW, 100, RunState.Running,
            T0.plus(min(1)), null, java.util.Map.of())
        .decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags shadow source+dual 0%");
  }

  @Test
  void shadowWithReadsOnTheTargetDropsReadsBeforeDualWritesStop() {
    Given given = Given.shadowVerified().readsAt(50, T0.plus(min(50))).desired(Phase.OLD).after(min(55));

    Decision first = given.decide();

    assertThat(Describe.work(first)).isEqualTo("ApplyFlags shadow source+dual 0%");
    assertThat(first.reason()).isEqualTo("ReadsDropped");
  }

  @Test
  void dualWritesStopOnlyOnceEveryReplicaReadsFromTheSource() {
    Decision waiting = Given.in(Phase.SHADOW).desired(Phase.OLD).rolloutPending().decide();
    Decision done = Given.in(Phase.SHADOW).desired(Phase.OLD).decide();

    assertThat(waiting.step()).isEqualTo(Step.WaitingForRollout);
    assertThat(waiting.message()).contains("restartWorkloads");
    assertThat(Describe.work(done)).isEqualTo("ApplyFlags old source 0%");
  }

  @Test
  void reverseShadowToOldWalksThroughShadowWithEachIntermediateSafe() {
    Simulation sim = new Simulation(Given.spec(Phase.OLD), true);
    sim.status.phase = Phase.REVERSE_SHADOW;
    sim.status.readPercent = 100;
    sim.status.phaseSince = Timestamps.format(T0);
    sim.configMap = FlagSet.forPhase(Phase.REVERSE_SHADOW);

    sim.step();
    sim.step();
    sim.finishRollout();
    sim.step();

    assertThat(sim.flagWrites).containsExactly(
        new FlagSet(FlagSet.Primary.SOURCE, true, 0), new FlagSet(FlagSet.Primary.SOURCE, false, 0));
    assertThat(sim.log.get(1)).startsWith("WaitingForRollout");
  }

  @ParameterizedTest(name = "new -> {0} is refused")
  @EnumSource(value = Phase.class, names = {"OLD", "SHADOW", "REVERSE_SHADOW"})
  void everyMoveOutOfNewIsRefusedWithAConditionSayingWhyAndWhatToDo(Phase desired) {
    Decision decision = Given.in(Phase.NEW).desired(desired).paused().decide();

    assertThat(decision.step()).isEqualTo(Step.Blocked);
    assertThat(decision.actions()).noneMatch(a -> a instanceof Action.ApplyFlags);
    assertThat(decision.progress().phase()).isEqualTo(Phase.NEW);
    ConditionState ready = decision.condition(ConditionState.READY).orElseThrow();
    assertThat(ready.status()).isEqualTo(ConditionState.Status.False);
    assertThat(ready.reason()).isEqualTo("RollbackRefused");
    assertThat(ready.message())
        .contains("the source has missed every write made since then")
        .contains("no reverse sync")
        .contains("Set spec.phase back to new");
    assertThat(decision.actions()).singleElement().isEqualTo(
        new Action.RecordEvent(Action.EventType.Warning, "RollbackRefused", decision.message()));
  }

  @Test
  void refusedStillPutsBackHandEditedFlagsOfNew() {
    Decision decision = Given.in(Phase.NEW).desired(Phase.SHADOW)
        .configMapShows(FlagSet.forPhase(Phase.REVERSE_SHADOW)).decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags new target 100%");
  }
}
