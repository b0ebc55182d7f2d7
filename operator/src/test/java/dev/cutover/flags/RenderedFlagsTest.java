package dev.cutover.flags;

import static dev.cutover.flags.FlagFixtures.cohort;
import static dev.cutover.flags.FlagFixtures.envFlags;
import static dev.cutover.flags.FlagFixtures.flagdFlags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RenderedFlagsTest {

  @Test
  void hashIsStableAcrossRendersAndSixteenHexCharacters() {
    RenderedFlags first = RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.SHADOW, 10, List.of(cohort("userId", "1"))));
    RenderedFlags second = RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.SHADOW, 10, List.of(cohort("userId", "1"))));

    assertThat(first.hash()).matches("[0-9a-f]{16}").isEqualTo(second.hash());
  }

  @Test
  void hashDoesNotDependOnTheOrderEntriesWereAdded() {
    TreeMap<String, String> forward = new TreeMap<>();
    forward.put("A", "1");
    forward.put("B", "2");
    TreeMap<String, String> backward = new TreeMap<>();
    backward.put("B", "2");
    backward.put("A", "1");

    assertThat(RenderedFlags.hashOf(forward)).isEqualTo(RenderedFlags.hashOf(backward));
  }

  @Test
  void hashChangesWithEveryFlagValueAndFormat() {
    List<String> hashes = List.of(
        RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.OLD)).hash(),
        RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.SHADOW)).hash(),
        RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.SHADOW, 10, List.of())).hash(),
        RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.SHADOW, 10, List.of(cohort("userId", "1")))).hash(),
        RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.SHADOW, 10, List.of(cohort("userId", "2")))).hash(),
        RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.REVERSE_SHADOW)).hash(),
        RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.NEW)).hash(),
        RenderedFlags.of(flagdFlags(), FlagValues.forPhase(Phase.NEW)).hash());

    assertThat(hashes).doesNotHaveDuplicates();
  }

  @Test
  void changesListOnlyOwnedKeysThatDiffer() {
    RenderedFlags wanted = RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.SHADOW));
    Map<String, String> data = new HashMap<>(Map.of(
        "DATABASE_BACKEND", "foundationdb",
        "FF_PG_DUAL_WRITE", "false",
        "FF_PG_READ_COHORTS", "[]",
        "LOG_LEVEL", "debug"));

    assertThat(wanted.changesFrom(data)).containsExactly(
        new KeyChange("FF_PG_DUAL_WRITE", "false", "true"),
        new KeyChange("FF_PG_READ_COHORTS", "[]", null),
        new KeyChange("FF_PG_READ_PERCENT", null, "0"));
  }

  @Test
  void describesChangesWithAbsentKeysAndShortensLongValues() {
    assertThat(new KeyChange("FF_PG_READ_PERCENT", null, "10").describe())
        .isEqualTo("FF_PG_READ_PERCENT: (absent) -> '10'");
    assertThat(new KeyChange("doc", "x".repeat(200), null).describe())
        .isEqualTo("doc: '" + "x".repeat(77) + "...' -> (absent)");
  }
}
