package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** How one table compared. */
public class TableVerification {
  /** The table, as named in spec.tables. */
  @JsonPropertyDescription("The table, as named in spec.tables.")
  public String name;
  /** Rows compared on the source side. */
  @JsonPropertyDescription("Rows compared on the source side.")
  public long sourceRows;
  /** Rows compared on the target side. */
  @JsonPropertyDescription("Rows compared on the target side.")
  public long targetRows;
  /** Keys in the source and not in the target. */
  @JsonPropertyDescription("Keys in the source and not in the target.")
  public long missingInTarget;
  /** Keys in the target and not in the source. */
  @JsonPropertyDescription("Keys in the target and not in the source.")
  public long missingInSource;
  /** Keys on both sides whose rows differ. */
  @JsonPropertyDescription("Keys on both sides whose rows differ.")
  public long different;
  /** missingInTarget + missingInSource + different. */
  @JsonPropertyDescription("missingInTarget + missingInSource + different.")
  public long mismatches;
  /** Rows rewritten from the primary by a repair. */
  @JsonPropertyDescription("Rows rewritten from the primary by a repair.")
  public long repaired;
  /** A few mismatching keys, rendered as text. */
  @JsonPropertyDescription("A few mismatching keys, rendered as text.")
  public List<String> sampleKeys = new ArrayList<>();
}
