package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** How the sequences follow the primary at every switch (docs/phases.md, "Sequences follow the primary"). */
public class SequencesSpec {

  /**
   * Added past the highest value either side has used when the sequences move to the new primary.
   * It must cover the inserts the old primary makes between the move and the moment every replica
   * writes to the new one.
   */
  @JsonPropertyDescription("Added past the highest value either side has used when the sequences feeding migrated columns move to the new primary (shadow to reverse-shadow, and the rollback). It must cover the inserts the old primary takes between the move and the end of the flag rollout.")
  @Default("10000")
  @Min(0)
  public long headroom = 10000;
}
