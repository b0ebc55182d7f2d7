package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** How a verification proves that source and target agree. */
public class VerificationSpec {

  /** full compares every row; sample compares rows chosen by a hash of the key. */
  @JsonPropertyDescription("full compares every row; sample compares rows chosen by a hash of the key.")
  @Default("full")
  public VerificationMode mode = VerificationMode.FULL;

  /** With mode sample, the fraction of rows compared, above 0 and at most 1. */
  @JsonPropertyDescription("With mode sample, the fraction of rows compared, above 0 and at most 1.")
  @Default("0.01")
  @Min(value = 0, inclusive = false)
  @Max(1)
  public double sampleRate = 0.01;

  /** Mismatching rows tolerated for a pass, summed over tables. */
  @JsonPropertyDescription("Mismatching rows tolerated for a pass, summed over tables.")
  @Default("0")
  @Min(0)
  public long maxMismatches;

  /** Rewrite differing rows from the current primary, then verify again. */
  @JsonPropertyDescription("Rewrite differing rows from the current primary, then verify again.")
  @Default("false")
  public boolean repair;

  /** A verification older than this does not open a gate (a duration such as 30m, 24h). */
  @JsonPropertyDescription("A verification older than this does not open a gate (a duration such as 30m, 24h).")
  @Default("24h")
  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  public String maxAge = "24h";
}
