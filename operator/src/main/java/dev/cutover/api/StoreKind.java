package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kinds of database Cutover reads from or writes to. */
public enum StoreKind {
  @JsonProperty("foundationdb")
  FOUNDATIONDB,
  @JsonProperty("postgres")
  POSTGRES
}
