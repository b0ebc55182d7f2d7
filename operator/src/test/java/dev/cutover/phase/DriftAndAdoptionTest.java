package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand edits of the owned keys are put back; a Migration without status takes over what the ConfigMap says. */
class DriftAndAdoptionTest {

  @ParameterizedTest(name = "in {0}, ConfigMap shows {1}: put back {2}, the phase starts over")
  @CsvSource({
    "SHADOW,         OLD,            shadow source+dual 0%",
    "SHADOW,         REVERSE_SHADOW, shadow source+dual 0%",
    "REVERSE_SHADOW, NEW,            reverse-shadow target+dual 100%",
    "NEW,            REVERSE_SHADOW, new target 100%",
    "OLD,            SHADOW,         old source 0%",
  })
  void handEditedWriteFlagsArePutBackAndTheCurrentPhaseStartsOver(Phase current, Phase shown, String putBack) {
    Given given = Given.in(current).after(min(90)).configMapShows(FlagSet.forPhase(shown));
    if (current == Phase.SHADOW) {
      given.backfillSucceeded().readsAt(50, T0.plus(min(60)));
    }

    Decision decision = given.decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags " + putBack);
    assertThat(decision.reason()).isEqualTo("FlagsDrifted");
    assertThat(decision.progress().phaseSince()).isEqualTo(T0.plus(min(90)));
    assertThat(decision.actions()).anySatisfy(a ->
        assertThat(a).isEqualTo(new Action.RecordEvent(Action.EventType.Warning, "FlagsDrifted", decision.message())));
    assertThat(decision.message()).contains("ConfigMap server-flags");
  }

  @Test
  void afterWriteDriftInShadowTheBackfillRunsAgain() {
    Given given = Given.shadowVerified().readsAt(50, T0.plus(min(50))).after(min(55))
        .configMapShows(FlagSet.forPhase(Phase.OLD));
    Decision reassert = given.decide();

    Given next = Given.shadowVerified().after(min(56));
    next.phaseSince = reassert.progress().phaseSince();

    assertThat(Describe.work(next.decide())).isEqualTo("StartBackfill #2 try 1");
  }

  @Test
  void aHandEditedReadPercentageIsPutBackWithoutRestartingThePhase() {
    Decision decision = Given.shadowVerified().readsAt(10, T0.plus(min(41))).after(min(45))
        .configMapShows(FlagSet.forPhase(Phase.SHADOW, 100)).decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags shadow source+dual 10%");
    assertThat(decision.progress().phaseSince()).isEqualTo(T0);
    assertThat(decision.progress().rampStepSince()).isEqualTo(T0.plus(min(41)));
  }

  @Test
  void missingKeysCountAsWriteDrift() {
    Decision decision = Given.in(Phase.REVERSE_SHADOW).configMapShows(null).decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags reverse-shadow target+dual 100%");
    assertThat(decision.message()).contains("were missing or unreadable");
  }

  @Test
  void ownedKeysOutOfSyncAreRewrittenWithoutRestartingThePhase() {
    Decision decision = Given.in(Phase.REVERSE_SHADOW).ownedKeysOutOfSync().after(min(30)).decide();

    assertThat(decision.reason()).isEqualTo("FlagsRewritten");
    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags reverse-shadow target+dual 100%");
    assertThat(decision.progress().phaseSince()).isEqualTo(T0);
  }

  @Test
  void driftIsPutBackWhilePaused() {
    Decision decision = Given.in(Phase.SHADOW).paused().configMapShows(FlagSet.forPhase(Phase.OLD)).decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags shadow source+dual 0%");
  }

  @ParameterizedTest(name = "no status, ConfigMap shows {0}: adopt {1}")
  @CsvSource({
    "NONE,           old source 0%",
    "OLD,            old source 0%",
    "SHADOW,         shadow source+dual 0%",
    "REVERSE_SHADOW, reverse-shadow target+dual 100%",
    "NEW,            new target 100%",
  })
  void aMigrationWithoutStatusTakesOverThePhaseTheConfigMapExpresses(String shown, String written) {
    Given given = new Given();
    given.desired(Phase.OLD);
    if (!shown.equals("NONE")) {
      given.configMapShows(FlagSet.forPhase(Phase.valueOf(shown), Phase.valueOf(shown) == Phase.SHADOW ? 50 : FlagSet.entryReadPercent(Phase.valueOf(shown))));
    }

    Decision decision = given.decide();

    assertThat(decision.reason()).isEqualTo("Adopted");
    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags " + written);
    assertThat(decision.step()).isEqualTo(Step.FlagsApplied);
  }

  @Test
  void adoptingNewWhileTheSpecSaysOldIsThenRefusedNotRolledBack() {
    Simulation sim = new Simulation(Given.spec(Phase.OLD), false);
    sim.configMap = FlagSet.forPhase(Phase.NEW);

    sim.step();
    Decision second = sim.step();

    assertThat(sim.flagWrites).containsExactly(FlagSet.forPhase(Phase.NEW));
    assertThat(second.reason()).isEqualTo("RollbackRefused");
  }
}
