package dev.cutover.api;

import java.util.ArrayList;
import java.util.List;

/** How one table compared. */
public class TableVerification {
  public String name;
  public long sourceRows;
  public long targetRows;
  /** Keys in the source and not in the target. */
  public long missingInTarget;
  /** Keys in the target and not in the source. */
  public long missingInSource;
  /** Keys on both sides whose rows differ. */
  public long different;
  /** missingInTarget + missingInSource + different. */
  public long mismatches;
  /** Rows rewritten from the primary by a repair. */
  public long repaired;
  /** A few mismatching keys, rendered as text. */
  public List<String> sampleKeys = new ArrayList<>();
}
