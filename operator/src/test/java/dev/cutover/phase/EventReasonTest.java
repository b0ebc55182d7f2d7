package dev.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one list of Event reasons, against the reasons the engine names and the README's table. */
class EventReasonTest {
  private static final Path ENGINE = RepoPaths.root().resolve("operator/src/main/java/dev/cutover/phase");
  /** Reasons of conditions only (never an outcome, so never an Event), and the one kind name. */
  private static final Set<String> NOT_EVENT_REASONS = Set.of("ConfigMap");
  private static final Set<String> CONDITION_FILES = Set.of("Conditions.java", "ConditionState.java");
  private static final Pattern CAMEL_CASE_LITERAL = Pattern.compile("\"([A-Z][a-z]+(?:[A-Z][a-z]*)*)\"");

  @Test
  void everyReasonTheEngineNamesIsAnEventReason() throws IOException {
    Set<String> named = new TreeSet<>();
    try (Stream<Path> files = Files.list(ENGINE)) {
      for (Path file : files.filter(f -> !CONDITION_FILES.contains(f.getFileName().toString())).toList()) {
        Matcher m = CAMEL_CASE_LITERAL.matcher(Files.readString(file));
        while (m.find()) {
          named.add(m.group(1));
        }
      }
    }
    named.removeAll(NOT_EVENT_REASONS);

    assertThat(named).as("reason strings in dev.cutover.phase").isNotEmpty().contains("PhaseChanged", "BackfillAttemptFailed");
    assertThat(names()).as("add each missing one to EventReason (and the README's table)").containsAll(named);
  }

  @Test
  void theReadmeListsExactlyTheEventReasons() throws IOException {
    String readme = Files.readString(RepoPaths.root().resolve("README.md"));
    int start = readme.indexOf("Event reasons (the complete list):");
    assertThat(start).as("README's Event reasons table").isNotNegative();
    String table = readme.substring(start, readme.indexOf("\n\n", readme.indexOf("| reason |", start)));
    List<String> listed = table.lines().filter(l -> l.startsWith("| `"))
        .map(l -> l.substring(3, l.indexOf('`', 3))).toList();

    assertThat(listed).containsExactlyElementsOf(Arrays.stream(EventReason.values()).map(Enum::name).toList());
  }

  @Test
  void anUnknownReasonIsRefusedByName() {
    assertThat(EventReason.of("PhaseChanged")).isEqualTo(EventReason.PhaseChanged);
    assertThatThrownBy(() -> EventReason.of("TablesRenamed"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TablesRenamed");
  }

  private static Set<String> names() {
    return Arrays.stream(EventReason.values()).map(Enum::name).collect(Collectors.toSet());
  }
}
