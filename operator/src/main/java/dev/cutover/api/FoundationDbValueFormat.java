package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a FoundationDB value holds the non-key columns of a row. */
public enum FoundationDbValueFormat {
  /** A UTF-8 JSON object; its fields map to columns by name. */
  @JsonProperty("json")
  JSON,
  /** A packed tuple; its elements map, in order, to valueColumns. */
  @JsonProperty("tuple")
  TUPLE
}
