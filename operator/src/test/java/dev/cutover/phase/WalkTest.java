package dev.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole walks through the simulation: old to new through every gate, decisions repeated and
 * re-observed, and the invariant that the primary never changes while dual writes are off.
 */
class WalkTest {

  @Test
  void oldToNewWalksThroughEveryGateInOrder() {
    Simulation sim = new Simulation(Given.spec(Phase.NEW), true);
    sim.configMap = FlagSet.forPhase(Phase.OLD);

    sim.step(); // adopt old
    sim.finishRollout();
    assertThat(Describe.work(sim.step())).isEqualTo("StartPreflight #1 try 1");
    assertThat(sim.step().step()).as("nothing written while the preflight runs").isEqualTo(Step.Preflight);
    sim.finishPreflight(null);
    sim.step(); // shadow
    assertThat(sim.step().step()).isEqualTo(Step.WaitingForRollout);
    assertThat(sim.backfill).as("no backfill before the rollout finished").isNull();
    sim.finishRollout();
    assertThat(Describe.work(sim.step())).isEqualTo("StartBackfill #1 try 1");
    sim.finishBackfill(true, null);
    assertThat(Describe.work(sim.step())).isEqualTo("StartVerification #1 Check try 1 in shadow at 0%");
    sim.finishVerification(0);
    for (int percent : new int[] {10, 50, 100}) {
      assertThat(Describe.work(sim.step())).isEqualTo("ApplyFlags shadow source+dual " + percent + "%");
      sim.finishRollout();
      assertThat(sim.step().reason()).as("held for the interval").isEqualTo("ReadRampHolding");
      sim.advance(Duration.ofMinutes(10));
    }
    assertThat(Describe.work(sim.step())).isEqualTo("StartSequences #1 to target try 1");
    assertThat(sim.step().step()).as("no switch while the sequences move").isEqualTo(Step.MovingSequences);
    sim.finishSequences(true);
    assertThat(Describe.work(sim.step())).isEqualTo("ApplyFlags reverse-shadow target+dual 100%");
    sim.finishRollout();
    assertThat(sim.step().step()).isEqualTo(Step.Baking);
    sim.advance(Duration.ofHours(1));
    assertThat(Describe.work(sim.step())).isEqualTo("StartVerification #2 Check try 1 in reverse-shadow at 100%");
    sim.finishVerification(0);
    assertThat(Describe.work(sim.step())).isEqualTo("ApplyFlags new target 100%");
    sim.finishRollout();
    Decision last = sim.step();

    assertThat(last.step()).isEqualTo(Step.Complete);
    assertThat(last.condition(ConditionState.READY).orElseThrow().status()).isEqualTo(ConditionState.Status.True);
    assertThat(sim.flagWrites).extracting(Describe::flags).containsExactly(
        "source 0%", "source+dual 0%", "source+dual 10%", "source+dual 50%", "source+dual 100%",
        "target+dual 100%", "target 100%");
    assertThat(sim.status.history).extracting(h -> h.phase + ":" + h.reason).containsExactly(
        "old:Adopted", "shadow:PhaseChanged", "shadow:ReadRampStep", "shadow:ReadRampStep", "shadow:ReadRampStep",
        "reverse-shadow:PhaseChanged", "new:PhaseChanged");
  }

  @Test
  void decidingTwiceFromTheSameInputsGivesTheSameDecisionAtEveryPointOfTheWalk() {
    Simulation sim = new Simulation(Given.spec(Phase.NEW), true);
    sim.configMap = FlagSet.forPhase(Phase.OLD);
    int checked = 0;
    for (int i = 0; i < 60 && sim.status.step != Step.Complete; i++) {
      Decision first = sim.engine.decide(sim.spec, copy(sim.status), sim.observation());
      Decision second = sim.engine.decide(sim.spec, copy(sim.status), sim.observation());
      assertThat(second).isEqualTo(first);
      assertThat(sim.step()).isEqualTo(first);
      checked++;
      finishWhatRuns(sim);
    }
    assertThat(sim.phase()).isEqualTo(Phase.NEW);
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void aDecisionAppliedAndReObservedMovesOneStepAndNeverRepeatsItsWork() {
    Simulation sim = new Simulation(Given.spec(Phase.NEW), false);
    sim.configMap = FlagSet.forPhase(Phase.OLD);
    for (int i = 0; i < 40 && sim.status.step != Step.Complete; i++) {
      Decision decision = sim.step();
      assertThat(decision.actions().stream().filter(a -> a instanceof Action.ApplyFlags).count()).isLessThanOrEqualTo(1);
      assertThat(decision.actions().stream()
          .filter(a -> a instanceof Action.StartBackfill || a instanceof Action.StartVerification).count())
          .isLessThanOrEqualTo(1);
      Decision again = sim.engine.decide(sim.spec, sim.status, sim.observation());
      if (!Describe.work(decision).equals("-")) {
        assertThat(Describe.work(again)).as("re-observed right after acting").isNotEqualTo(Describe.work(decision));
      } else {
        assertThat(again.actions()).as("nothing changed, nothing to do or announce again").isEmpty();
      }
      finishWhatRuns(sim);
    }
    assertThat(sim.status.step).isEqualTo(Step.Complete);
    assertThat(sim.phase()).isEqualTo(Phase.NEW);
  }

  @ParameterizedTest(name = "walk to {0} then roll back to every earlier phase")
  @EnumSource(Phase.class)
  void thePrimaryNeverChangesWhileDualWritesAreOff(Phase peak) {
    for (Phase back : Phase.values()) {
      if (!back.isBefore(peak)) {
        continue;
      }
      Simulation sim = walkedSimulation(peak);
      sim.changeSpec(back);
      for (int i = 0; i < 10; i++) {
        sim.step();
        sim.finishRollout();
      }
      assertPrimaryChangesOnlyWithDualWrites(sim.flagWrites);
      assertThat(sim.phase()).isEqualTo(peak == Phase.NEW ? Phase.NEW : back);
    }
  }

  @Test
  void everyWriteOfTheFullWalkMovesAtMostOnePhase() {
    Simulation sim = walkedSimulation(Phase.NEW);
    for (int i = 1; i < sim.flagWrites.size(); i++) {
      int from = sim.flagWrites.get(i - 1).phase().ordinal();
      int to = sim.flagWrites.get(i).phase().ordinal();
      assertThat(Math.abs(to - from)).isLessThanOrEqualTo(1);
    }
    assertPrimaryChangesOnlyWithDualWrites(sim.flagWrites);
  }

  static void assertPrimaryChangesOnlyWithDualWrites(List<FlagSet> writes) {
    for (int i = 1; i < writes.size(); i++) {
      FlagSet before = writes.get(i - 1);
      FlagSet after = writes.get(i);
      if (before.primary() != after.primary()) {
        assertThat(before.dualWrite() && after.dualWrite()).as("%s -> %s", before, after).isTrue();
      }
    }
  }

  /** Walked from old to {@code peak} with every Job passing. */
  static Simulation walkedSimulation(Phase peak) {
    Simulation sim = new Simulation(Given.spec(peak), true);
    sim.configMap = FlagSet.forPhase(Phase.OLD);
    for (int i = 0; i < 60 && !(sim.status.step == Step.Complete && sim.phase() == peak); i++) {
      sim.step();
      finishWhatRuns(sim);
    }
    assertThat(sim.phase()).isEqualTo(peak);
    return sim;
  }

  static void finishWhatRuns(Simulation sim) {
    sim.finishRollout();
    if (sim.preflight != null && sim.preflight.state() == dev.cutover.api.RunState.Running) {
      sim.finishPreflight(null);
    }
    if (sim.sequences != null && sim.sequences.state() == dev.cutover.api.RunState.Running) {
      // A finished Job triggers the next reconcile at once: no time passes beyond the run itself.
      sim.finishSequences(true);
      return;
    }
    if (sim.backfill != null && sim.backfill.state() == dev.cutover.api.RunState.Running) {
      sim.finishBackfill(true, null);
    }
    if (sim.verification != null && sim.verification.state() == dev.cutover.api.RunState.Running) {
      sim.finishVerification(0);
    }
    sim.advance(Duration.ofMinutes(11));
  }

  static MigrationStatus copy(MigrationStatus status) {
    MigrationStatus copy = new MigrationStatus();
    copy.phase = status.phase;
    copy.readPercent = status.readPercent;
    copy.phaseSince = status.phaseSince;
    copy.rampStepSince = status.rampStepSince;
    copy.step = status.step;
    copy.conditions = new ArrayList<>(status.conditions);
    copy.history = new ArrayList<>(status.history);
    return copy;
  }
}
