package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Schema stand-in for a status condition: Kubernetes' Condition with its fields described. */
final class ConditionSchema {

  /** Ready, Progressing, Degraded, BackfillComplete or Verified. */
  @JsonPropertyDescription("Ready, Progressing, Degraded, BackfillComplete or Verified.")
  public String type;

  /** True, False or Unknown. */
  @JsonPropertyDescription("True, False or Unknown.")
  public String status;

  /** Why, as one CamelCase word. */
  @JsonPropertyDescription("Why, as one CamelCase word.")
  public String reason;

  /** Why, for a person: names the object at fault and what to do next. */
  @JsonPropertyDescription("Why, for a person: names the object at fault and what to do next.")
  public String message;

  /** When the status last changed (RFC 3339). */
  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  public String lastTransitionTime;

  /** The spec generation the condition was set for. */
  @JsonPropertyDescription("The spec generation the condition was set for.")
  public Long observedGeneration;

  private ConditionSchema() {}
}
