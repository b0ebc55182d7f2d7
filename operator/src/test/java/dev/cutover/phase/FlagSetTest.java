package dev.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The flag table of docs/phases.md. */
class FlagSetTest {

  @ParameterizedTest(name = "{0}: primary {1}, dual writes {2}, reads {3}%")
  @CsvSource({
    "OLD,            SOURCE, false, 0",
    "SHADOW,         SOURCE, true,  0",
    "REVERSE_SHADOW, TARGET, true,  100",
    "NEW,            TARGET, false, 100",
  })
  void eachPhaseEntersWithTheFlagsOfTheDesignTable(Phase phase, FlagSet.Primary primary, boolean dual, int reads) {
    FlagSet flags = FlagSet.forPhase(phase);

    assertThat(flags).isEqualTo(new FlagSet(primary, dual, reads));
    assertThat(flags.phase()).isEqualTo(phase);
  }

  @ParameterizedTest(name = "shadow at {0}%")
  @CsvSource({"0", "10", "50", "100"})
  void onlyShadowRampsReads(int reads) {
    assertThat(FlagSet.forPhase(Phase.SHADOW, reads)).isEqualTo(new FlagSet(FlagSet.Primary.SOURCE, true, reads));
  }

  @ParameterizedTest(name = "{0} at {1}% is refused")
  @CsvSource({"OLD, 10", "REVERSE_SHADOW, 50", "NEW, 0"})
  void otherPhasesRefuseAnotherReadPercentage(Phase phase, int reads) {
    assertThatThrownBy(() -> FlagSet.forPhase(phase, reads))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only shadow ramps reads");
  }

  @Test
  void readPercentOutsideZeroToHundredIsRefused() {
    assertThatThrownBy(() -> new FlagSet(FlagSet.Primary.SOURCE, true, 101)).hasMessageContaining("0..100");
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void adjacentPhasesNeverChangeThePrimaryWithoutDualWritesOnBothSides(Phase phase) {
    if (phase == Phase.NEW) {
      return;
    }
    FlagSet from = FlagSet.forPhase(phase);
    FlagSet to = FlagSet.forPhase(phase.next());
    if (from.primary() != to.primary()) {
      assertThat(from.dualWrite() && to.dualWrite()).as("%s -> %s", phase, phase.next()).isTrue();
    }
  }

  @Test
  void oldAndNewDifferInBothPrimaryAndNeitherMirrors() {
    FlagSet old = FlagSet.forPhase(Phase.OLD);
    FlagSet neu = FlagSet.forPhase(Phase.NEW);
    assertThat(old.primary()).isNotEqualTo(neu.primary());
    assertThat(old.dualWrite() || neu.dualWrite()).isFalse();
    assertThat(Math.abs(Phase.OLD.ordinal() - Phase.NEW.ordinal())).isGreaterThan(1);
  }
}
