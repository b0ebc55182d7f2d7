package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.Phase;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServerFlagsTest {

  @ParameterizedTest(name = "{0} dual={1} -> {3}")
  @CsvSource({
      "self-hosted, false, 0,   old",
      "self-hosted, true,  50,  shadow",
      "managed,     true,  100, reverse-shadow",
      "managed,     false, 100, new"})
  void flagsPutTheServerInThePhaseOfTheDesignTable(String backend, String dual, String percent, String phase) {
    ServerFlags flags = ServerFlags.parse(Map.of(
        "DATABASE_BACKEND", backend, "FF_PG_DUAL_WRITE", dual, "FF_PG_READ_PERCENT", percent, "LOG_LEVEL", "debug"));

    assertThat(flags.phase()).isEqualTo(Phase.fromValue(phase));
    assertThat(flags.readPercent()).isEqualTo(Integer.parseInt(percent));
    assertThat(flags.primary()).isEqualTo(backend.equals("managed") ? Side.TARGET : Side.SOURCE);
  }

  @Test
  void missingKeysMeanTheOldPhase() {
    assertThat(ServerFlags.parse(Map.of())).isEqualTo(ServerFlags.OLD);
    assertThat(ServerFlags.parse(null)).isEqualTo(ServerFlags.OLD);
  }

  @Test
  void valuesTheServerDoesNotUnderstandAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> ServerFlags.parse(Map.of("DATABASE_BACKEND", "foundationdb")))
        .hasMessageContaining("DATABASE_BACKEND='foundationdb'");
    assertThatThrownBy(() -> ServerFlags.parse(Map.of("FF_PG_DUAL_WRITE", "yes")))
        .hasMessageContaining("FF_PG_DUAL_WRITE='yes'");
    assertThatThrownBy(() -> ServerFlags.parse(Map.of("FF_PG_READ_PERCENT", "101")))
        .hasMessageContaining("FF_PG_READ_PERCENT='101'");
    assertThatThrownBy(() -> ServerFlags.parse(Map.of("FF_PG_READ_PERCENT", "ten")))
        .hasMessageContaining("FF_PG_READ_PERCENT='ten'");
  }

  @Test
  void dataRoundTripsThroughTheConfigMapForm() {
    ServerFlags flags = new ServerFlags(Side.TARGET, true, 100);
    assertThat(ServerFlags.parse(flags.asData())).isEqualTo(flags);
  }
}
