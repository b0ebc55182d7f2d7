package dev.cutover.flags;

import static dev.cutover.flags.FlagFixtures.cohort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagValuesTest {

  @ParameterizedTest(name = "{0} at {1}% -> primary {2}, dual write {3}")
  @CsvSource({
      "OLD,            0,   SOURCE, false",
      "SHADOW,         0,   SOURCE, true",
      "SHADOW,         10,  SOURCE, true",
      "SHADOW,         100, SOURCE, true",
      "REVERSE_SHADOW, 100, TARGET, true",
      "NEW,            100, TARGET, false"})
  void phaseTableGivesPrimaryDualWriteAndReads(Phase phase, int percent, Backend primary, boolean dualWrite) {
    FlagValues values = FlagValues.forPhase(phase, percent, List.of());

    assertThat(values.primary()).isEqualTo(primary);
    assertThat(values.dualWrite()).isEqualTo(dualWrite);
    assertThat(values.readPercent()).isEqualTo(percent);
    assertThat(values.phase()).isEqualTo(phase);
  }

  @ParameterizedTest
  @CsvSource({"OLD, 0", "SHADOW, 0", "REVERSE_SHADOW, 100", "NEW, 100"})
  void phaseAloneTakesTheTablesReadPercent(Phase phase, int percent) {
    assertThat(FlagValues.forPhase(phase).readPercent()).isEqualTo(percent);
  }

  @ParameterizedTest
  @CsvSource({"OLD, 10, 0", "REVERSE_SHADOW, 50, 100", "NEW, 0, 100"})
  void readPercentContradictingThePhaseIsRefused(Phase phase, int percent, int required) {
    assertThatThrownBy(() -> FlagValues.forPhase(phase, percent, List.of()))
        .isInstanceOf(InvalidFlagsException.class)
        .hasMessageContaining("phase " + phase)
        .hasMessageContaining(required + "%")
        .hasMessageContaining(percent + "%");
  }

  @ParameterizedTest
  @CsvSource({"-1", "101", "1000"})
  void readPercentOutOfRangeIsRefused(int percent) {
    assertThatThrownBy(() -> new FlagValues(Backend.SOURCE, true, percent, List.of()))
        .isInstanceOf(InvalidFlagsException.class)
        .hasMessageContaining(String.valueOf(percent))
        .hasMessageContaining("between 0 and 100");
    assertThatThrownBy(() -> FlagValues.forPhase(Phase.SHADOW, percent, List.of()))
        .isInstanceOf(InvalidFlagsException.class);
  }

  @Test
  void cohortsApplyOnlyWhileReadsRamp() {
    var cohorts = List.of(cohort("userId", "123", "456"));

    assertThat(FlagValues.forPhase(Phase.SHADOW, 10, cohorts).cohorts())
        .containsExactly(new ReadCohort("userId", List.of("123", "456")));
    assertThat(FlagValues.forPhase(Phase.SHADOW, 0, cohorts).cohorts()).isEmpty();
    assertThat(FlagValues.forPhase(Phase.SHADOW, 100, cohorts).cohorts()).isEmpty();
    assertThat(FlagValues.forPhase(Phase.OLD, 0, cohorts).cohorts()).isEmpty();
    assertThat(FlagValues.forPhase(Phase.NEW, 100, cohorts).cohorts()).isEmpty();
  }

  @Test
  void cohortWithoutValuesIsRefusedNamingItsAttribute() {
    assertThatThrownBy(() -> FlagValues.forPhase(Phase.SHADOW, 10, List.of(cohort("country"))))
        .isInstanceOf(InvalidFlagsException.class)
        .hasMessageContaining("'country'");
  }
}
