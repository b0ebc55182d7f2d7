package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** How the sequences that feed migrated columns follow the primary at every switch. */
public class SequencesSpec {

  /** Added past the highest value either side has used when a sequence is moved to the new primary. */
  @JsonPropertyDescription("Added past the highest value either side has used when a sequence is moved to the new primary.")
  @Default("10000")
  @Min(0)
  public long headroom = 10000;
}
