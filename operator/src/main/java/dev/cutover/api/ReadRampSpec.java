package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** How reads move onto the target inside shadow, once the first verification passed. */
@ValidationRule(
    value = "self.steps.all(s, s >= 1 && s <= 100)",
    message = "readRamp.steps must each be between 1 and 100 (percent of reads)",
    fieldPath = ".steps")
@ValidationRule(
    value = "[1, 2, 3, 4, 5, 6, 7, 8, 9].all(i, i >= size(self.steps) || self.steps[i - 1] < self.steps[i])",
    message = "readRamp.steps must be strictly ascending, such as [10, 50, 100]",
    fieldPath = ".steps")
@ValidationRule(
    value = "self.steps[size(self.steps) - 1] == 100",
    message = "readRamp.steps must end at 100: reverse-shadow serves every read from the target",
    fieldPath = ".steps")
public class ReadRampSpec {

  /** Percentages of reads served from the target, strictly ascending, ending at 100. */
  @JsonPropertyDescription("Percentages of reads served from the target, strictly ascending, ending at 100.")
  @Default("[10, 50, 100]")
  @Size(min = 1, max = 10)
  public List<Integer> steps = new ArrayList<>(List.of(10, 50, 100));

  /** How long each step is held before the next (a duration such as 10m). */
  @JsonPropertyDescription("How long each step is held before the next (a duration such as 10m).")
  @Default("10m")
  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  public String interval = "10m";

  /** Verify again before each step; a failed check drops reads to 0. */
  @JsonPropertyDescription("Verify again before each step; a failed check drops reads to 0.")
  @Default("false")
  public boolean verifyEachStep;

  /** Callers served from the target before any percentage. */
  @JsonPropertyDescription("Callers served from the target before any percentage.")
  @Size(max = 20)
  public List<Cohort> cohorts = new ArrayList<>();
}
