package dev.cutover.flags;

import static dev.cutover.flags.FlagFixtures.cohort;
import static dev.cutover.flags.FlagFixtures.flagdFlags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.FlagsSpec;
import dev.cutover.api.Phase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagdFlagEncodingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "flags.flagd.json";
  private final FlagEncoding flagd = FlagEncoding.of(flagdFlags());

  private JsonNode flags(FlagValues values) throws Exception {
    Map<String, String> entries = flagd.render(values);
    assertThat(entries).containsOnlyKeys(KEY);
    JsonNode document = JSON.readTree(entries.get(KEY));
    assertThat(document.path("$schema").asText()).isEqualTo("https://flagd.dev/schema/v0/flags.json");
    return document.path("flags");
  }

  @ParameterizedTest(name = "{0} at {1}%")
  @CsvSource({
      "OLD,            0,   source, off, source",
      "SHADOW,         0,   source, on,  source",
      "REVERSE_SHADOW, 100, target, on,  target",
      "NEW,            100, target, off, target"})
  void writesThePhaseTableAsDefaultVariantsWithoutTargeting(
      Phase phase, int percent, String backend, String dualWrite, String reads) throws Exception {
    JsonNode flags = flags(FlagValues.forPhase(phase, percent, List.of()));

    assertThat(flags.fieldNames()).toIterable()
        .containsExactly("DATABASE_BACKEND", "FF_PG_DUAL_WRITE", "FF_PG_READ_PERCENT");
    assertThat(flags.path("DATABASE_BACKEND").path("defaultVariant").asText()).isEqualTo(backend);
    assertThat(flags.path("FF_PG_DUAL_WRITE").path("defaultVariant").asText()).isEqualTo(dualWrite);
    assertThat(flags.path("FF_PG_READ_PERCENT").path("defaultVariant").asText()).isEqualTo(reads);
    assertThat(flags.path("FF_PG_READ_PERCENT").has("targeting")).isFalse();
    for (JsonNode flag : flags) {
      assertThat(flag.path("state").asText()).isEqualTo("ENABLED");
      assertThat(flag.path("variants").has(flag.path("defaultVariant").asText())).isTrue();
    }
    assertThat(flags.path("DATABASE_BACKEND").path("variants").toString())
        .isEqualTo("{\"source\":\"foundationdb\",\"target\":\"postgres\"}");
    assertThat(flags.path("FF_PG_DUAL_WRITE").path("variants").toString()).isEqualTo("{\"on\":true,\"off\":false}");
  }

  @Test
  void readPercentageIsAFractionalSplitSummingToHundred() throws Exception {
    JsonNode read = flags(FlagValues.forPhase(Phase.SHADOW, 10, List.of())).path("FF_PG_READ_PERCENT");

    assertThat(read.path("defaultVariant").asText()).isEqualTo("source");
    JsonNode fractional = read.path("targeting").path("fractional");
    assertThat(fractional.path(0).toString())
        .isEqualTo("{\"cat\":[{\"var\":\"$flagd.flagKey\"},{\"var\":\"targetingKey\"}]}");
    assertThat(fractional.path(1).toString()).isEqualTo("[\"target\",10]");
    assertThat(fractional.path(2).toString()).isEqualTo("[\"source\",90]");
    assertThat(fractional.size()).isEqualTo(3);
  }

  @Test
  void cohortsAreTargetingRulesEvaluatedBeforeTheSplit() throws Exception {
    JsonNode read = flags(FlagValues.forPhase(Phase.SHADOW, 50,
        List.of(cohort("userId", "123", "456"), cohort("country", "IN", "US")))).path("FF_PG_READ_PERCENT");

    JsonNode branches = read.path("targeting").path("if");
    assertThat(branches.size()).isEqualTo(5);
    assertThat(branches.path(0).toString()).isEqualTo("{\"in\":[{\"var\":\"userId\"},[\"123\",\"456\"]]}");
    assertThat(branches.path(1).asText()).isEqualTo("target");
    assertThat(branches.path(2).toString()).isEqualTo("{\"in\":[{\"var\":\"country\"},[\"IN\",\"US\"]]}");
    assertThat(branches.path(3).asText()).isEqualTo("target");
    List<String> weights = new ArrayList<>();
    branches.path(4).path("fractional").forEach(w -> weights.add(w.toString()));
    assertThat(weights).endsWith("[\"target\",50]", "[\"source\",50]");
  }

  @Test
  void sameValuesGiveTheSameBytes() {
    FlagValues values = FlagValues.forPhase(Phase.SHADOW, 50, List.of(cohort("userId", "1")));
    FlagValues equal = FlagValues.forPhase(Phase.SHADOW, 50, List.of(cohort("userId", "1")));

    String first = flagd.render(values).get(KEY);
    assertThat(FlagEncoding.of(flagdFlags()).render(equal).get(KEY)).isEqualTo(first);
    assertThat(first).doesNotContain("\r").endsWith("}\n").contains("\n  \"flags\"");
  }

  @ParameterizedTest
  @CsvSource({"OLD, 0", "SHADOW, 0", "SHADOW, 10", "SHADOW, 99", "REVERSE_SHADOW, 100", "NEW, 100"})
  void readsBackWhatItWrote(Phase phase, int percent) {
    FlagValues values = FlagValues.forPhase(phase, percent, List.of(cohort("userId", "7"), cohort("tier", "gold")));
    Map<String, String> data = new HashMap<>(flagd.render(values));
    data.put("other.json", "{}");

    assertThat(flagd.read(data)).contains(values);
  }

  @Test
  void handEditedSplitIsReadByItsRelativeWeights() throws Exception {
    String document = flagd.render(FlagValues.forPhase(Phase.SHADOW, 10, List.of())).get(KEY)
        .replace("\"target\", 10", "\"target\", 30").replace("\"source\", 90", "\"source\", 30")
        .replace("\"target\",10", "\"target\",30").replace("\"source\",90", "\"source\",30");
    assertThat(document).contains("30");

    assertThat(flagd.read(Map.of(KEY, document))).map(FlagValues::readPercent).contains(50);
  }

  @Test
  void documentThatIsNotFlagsExpressesNothing() {
    assertThat(flagd.read(Map.of(KEY, "{\"flags\":{}}"))).isEmpty();
    assertThat(flagd.read(Map.of(KEY, "not json"))).isEmpty();
    assertThat(flagd.read(Map.of())).isEmpty();
  }

  @Test
  void twoFlagsWithOneNameAreRefusedNamingBoth() {
    FlagsSpec flags = flagdFlags();
    flags.keys.dualWrite = "FF_PG_READ_PERCENT";

    assertThatThrownBy(() -> FlagEncoding.of(flags))
        .isInstanceOf(InvalidFlagsException.class)
        .hasMessageContaining("spec.flags.keys.dualWrite and spec.flags.keys.readPercent are both 'FF_PG_READ_PERCENT'");
  }

  @Test
  void ownsOnlyTheDocumentKey() {
    assertThat(flagd.ownedKeys()).containsExactly(KEY);
  }
}
