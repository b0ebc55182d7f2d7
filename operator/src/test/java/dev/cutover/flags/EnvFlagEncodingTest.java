package dev.cutover.flags;

import static dev.cutover.flags.FlagFixtures.cohort;
import static dev.cutover.flags.FlagFixtures.envFlags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.cutover.api.FlagsSpec;
import dev.cutover.api.Phase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvFlagEncodingTest {
  private final FlagEncoding env = FlagEncoding.of(envFlags());

  /** The phase table of docs/phases.md, with the backend values of samples/teaelephant-fdb-to-postgres.yaml. */
  @ParameterizedTest(name = "{0} at {1}%")
  @CsvSource({
      "OLD,            0,   foundationdb, false",
      "SHADOW,         0,   foundationdb, true",
      "SHADOW,         50,  foundationdb, true",
      "REVERSE_SHADOW, 100, postgres,     true",
      "NEW,            100, postgres,     false"})
  void rendersThePhaseTable(Phase phase, int percent, String backend, String dualWrite) {
    Map<String, String> entries = env.render(FlagValues.forPhase(phase, percent, List.of()));

    assertThat(entries).containsOnly(
        entry("DATABASE_BACKEND", backend),
        entry("FF_PG_DUAL_WRITE", dualWrite),
        entry("FF_PG_READ_PERCENT", Integer.toString(percent)));
  }

  @Test
  void ownsTheThreeFlagKeysAndTheCohortsKey() {
    assertThat(env.ownedKeys()).containsExactly(
        "DATABASE_BACKEND", "FF_PG_DUAL_WRITE", "FF_PG_READ_COHORTS", "FF_PG_READ_PERCENT");
  }

  @Test
  void writesCohortsAsCompactJsonInSpecOrder() {
    FlagValues values = FlagValues.forPhase(Phase.SHADOW, 10,
        List.of(cohort("userId", "123", "456"), cohort("country", "IN", "US")));

    assertThat(env.render(values)).containsEntry("FF_PG_READ_COHORTS",
        "[{\"attribute\":\"userId\",\"values\":[\"123\",\"456\"]},"
            + "{\"attribute\":\"country\",\"values\":[\"IN\",\"US\"]}]");
  }

  @Test
  void usesTheKeyNamesAndBackendValuesOfTheSpec() {
    FlagsSpec flags = envFlags();
    flags.keys.backend = "STORE";
    flags.keys.dualWrite = "MIRROR";
    flags.keys.readPercent = "READS";
    flags.backendValues.source = "pg-old";
    flags.backendValues.target = "pg-managed";

    Map<String, String> entries = FlagEncoding.of(flags).render(FlagValues.forPhase(Phase.REVERSE_SHADOW));

    assertThat(entries).containsOnly(entry("STORE", "pg-managed"), entry("MIRROR", "true"), entry("READS", "100"));
  }

  @Test
  void readsBackWhatItWrote() {
    FlagValues values = FlagValues.forPhase(Phase.SHADOW, 50, List.of(cohort("country", "IN")));
    Map<String, String> data = new HashMap<>(env.render(values));
    data.put("LOG_LEVEL", "debug");

    assertThat(env.read(data)).contains(values);
  }

  @Test
  void valuesTheApplicationCannotReadExpressNothing() {
    Map<String, String> data = new HashMap<>(env.render(FlagValues.forPhase(Phase.SHADOW)));

    data.put("FF_PG_DUAL_WRITE", "yes");
    assertThat(env.read(data)).isEmpty();
    data.put("FF_PG_DUAL_WRITE", "true");
    data.put("FF_PG_READ_PERCENT", "150");
    assertThat(env.read(data)).isEmpty();
    data.put("FF_PG_READ_PERCENT", "10");
    data.put("DATABASE_BACKEND", "mysql");
    assertThat(env.read(data)).isEmpty();
    data.put("DATABASE_BACKEND", "foundationdb");
    data.put("FF_PG_READ_COHORTS", "not json");
    assertThat(env.read(data)).isEmpty();
    data.remove("FF_PG_READ_COHORTS");
    assertThat(env.read(data)).contains(new FlagValues(Backend.SOURCE, true, 10, List.of()));
  }

  @Test
  void twoFlagsOnOneKeyAreRefusedNamingBoth() {
    FlagsSpec flags = envFlags();
    flags.keys.readPercent = "DATABASE_BACKEND";

    assertThatThrownBy(() -> FlagEncoding.of(flags))
        .isInstanceOf(InvalidFlagsException.class)
        .hasMessageContaining("spec.flags.keys.backend")
        .hasMessageContaining("spec.flags.keys.readPercent")
        .hasMessageContaining("'DATABASE_BACKEND'");
  }

  @Test
  void cohortsKeyCollidingWithAFlagIsRefused() {
    FlagsSpec flags = envFlags();
    flags.keys.cohorts = "FF_PG_DUAL_WRITE";

    assertThatThrownBy(() -> FlagEncoding.of(flags))
        .isInstanceOf(InvalidFlagsException.class)
        .hasMessageContaining("spec.flags.keys.dualWrite and spec.flags.keys.cohorts are both 'FF_PG_DUAL_WRITE'");
  }

  @Test
  void equalBackendValuesAreRefused() {
    FlagsSpec flags = envFlags();
    flags.backendValues.target = "foundationdb";

    assertThatThrownBy(() -> FlagEncoding.of(flags))
        .isInstanceOf(InvalidFlagsException.class)
        .hasMessageContaining("backendValues")
        .hasMessageContaining("'foundationdb'");
  }
}
