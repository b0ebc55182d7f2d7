package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the flags are written into the ConfigMap. */
public enum FlagFormat {
  /** One ConfigMap key per flag, read by the application as environment variables. */
  @JsonProperty("env")
  ENV,
  /** One ConfigMap key holding an OpenFeature flagd flag-definition document. */
  @JsonProperty("flagd")
  FLAGD
}
