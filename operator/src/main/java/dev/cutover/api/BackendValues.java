package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** The values of the backend flag the application understands. */
public class BackendValues {

  /** The value that makes the source primary. */
  @JsonPropertyDescription("The value that makes the source primary.")
  @Default("foundationdb")
  @Size(min = 1, max = 63)
  public String source = "foundationdb";

  /** The value that makes the target primary. */
  @JsonPropertyDescription("The value that makes the target primary.")
  @Default("postgres")
  @Size(min = 1, max = 63)
  public String target = "postgres";
}
