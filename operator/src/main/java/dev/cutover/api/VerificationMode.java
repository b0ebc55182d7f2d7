package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How much of each table a verification compares. */
public enum VerificationMode {
  /** Every row. */
  @JsonProperty("full")
  FULL,
  /** Rows chosen by a hash of their key, so both sides choose the same rows. */
  @JsonProperty("sample")
  SAMPLE
}
