package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed and did. Written only by the operator. */
public class MigrationStatus {

  /** The spec generation this status reflects. */
  @JsonPropertyDescription("The spec generation this status reflects.")
  public Long observedGeneration;

  /** The phase the flags are in now. */
  @JsonPropertyDescription("The phase the flags are in now.")
  public Phase phase;

  /** What the operator is doing inside the phase. */
  @JsonPropertyDescription("What the operator is doing inside the phase.")
  public Step step;

  /** The percentage of reads the flags send to the target now. */
  @JsonPropertyDescription("The percentage of reads the flags send to the target now.")
  public int readPercent;

  /** Index into spec.readRamp.steps of the current read-ramp step, when ramping. */
  @JsonPropertyDescription("Index into spec.readRamp.steps of the current read-ramp step, when ramping.")
  public Integer rampStep;

  /** When the current read-ramp step started (RFC 3339). */
  @JsonPropertyDescription("When the current read-ramp step started (RFC 3339).")
  public String rampStepSince;

  /** When the flags entered the current phase (RFC 3339); the bake time counts from here. */
  @JsonPropertyDescription("When the flags entered the current phase (RFC 3339); the bake time counts from here.")
  public String phaseSince;

  /** One line saying what is happening and, when blocked, what to do. */
  @JsonPropertyDescription("One line saying what is happening and, when blocked, what to do.")
  public String message;

  /** Ready, Progressing, Degraded, PreflightPassed, BackfillComplete and Verified, by the Kubernetes API conventions. */
  @JsonPropertyDescription("Ready, Progressing, Degraded, PreflightPassed, BackfillComplete and Verified, by the Kubernetes API conventions.")
  @SchemaFrom(type = ConditionSchema[].class)
  public List<Condition> conditions = new ArrayList<>();

  /** The latest preflight: the checks made before the shadow flags are first written. */
  @JsonPropertyDescription("The latest preflight: the checks made before the shadow flags are first written.")
  public PreflightStatus preflight;

  /** The latest move of the sequences to the new primary. */
  @JsonPropertyDescription("The latest move of the sequences to the new primary.")
  public SequencesStatus sequences;

  /** The latest backfill run. */
  @JsonPropertyDescription("The latest backfill run.")
  public BackfillStatus backfill;

  /** The latest verification run. */
  @JsonPropertyDescription("The latest verification run.")
  public VerificationStatus verification;

  /** The flags last written to the ConfigMap. */
  @JsonPropertyDescription("The flags last written to the ConfigMap.")
  public FlagsStatus flags;

  /** Phase changes, newest last, bounded. */
  @JsonPropertyDescription("Phase changes, newest last, bounded.")
  public List<HistoryEntry> history = new ArrayList<>();
}
