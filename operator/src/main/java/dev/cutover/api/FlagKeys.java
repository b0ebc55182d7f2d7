package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** ConfigMap key names of the flags (env format), or of the flagd document (flagd format). */
public class FlagKeys {
  static final String CONFIG_MAP_KEY = "^[-._a-zA-Z0-9]{1,253}$";

  /** Which store is primary: holds backendValues.source or backendValues.target. */
  @JsonPropertyDescription("Which store is primary: holds backendValues.source or backendValues.target.")
  @Default("DATABASE_BACKEND")
  @Pattern(CONFIG_MAP_KEY)
  public String backend = "DATABASE_BACKEND";

  /** Whether writes are mirrored to the other store: true or false. */
  @JsonPropertyDescription("Whether writes are mirrored to the other store: true or false.")
  @Default("FF_PG_DUAL_WRITE")
  @Pattern(CONFIG_MAP_KEY)
  public String dualWrite = "FF_PG_DUAL_WRITE";

  /** The percentage of reads served from the target: 0 to 100. */
  @JsonPropertyDescription("The percentage of reads served from the target: 0 to 100.")
  @Default("FF_PG_READ_PERCENT")
  @Pattern(CONFIG_MAP_KEY)
  public String readPercent = "FF_PG_READ_PERCENT";

  /** env format: the key holding readRamp.cohorts as JSON, written only when cohorts are set. */
  @JsonPropertyDescription("env format: the key holding readRamp.cohorts as JSON, written only when cohorts are set.")
  @Default("FF_PG_READ_COHORTS")
  @Pattern(CONFIG_MAP_KEY)
  public String cohorts = "FF_PG_READ_COHORTS";

  /** flagd format: the key holding the flag-definition document. */
  @JsonPropertyDescription("flagd format: the key holding the flag-definition document.")
  @Default("flags.flagd.json")
  @Pattern(CONFIG_MAP_KEY)
  public String flagd = "flags.flagd.json";
}
