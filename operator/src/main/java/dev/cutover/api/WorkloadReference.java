package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A workload in the Migration's namespace that reads the flags at start-up. */
public class WorkloadReference {

  /** Deployment or StatefulSet. */
  @JsonPropertyDescription("Deployment or StatefulSet.")
  @Required
  public WorkloadKind kind = WorkloadKind.Deployment;

  /** The workload's name. */
  @JsonPropertyDescription("The workload's name.")
  @Required
  @Pattern(FlagsSpec.DNS_SUBDOMAIN)
  @Size(max = 253)
  public String name;

  public WorkloadReference() {}

  public WorkloadReference(WorkloadKind kind, String name) {
    this.kind = kind;
    this.name = name;
  }
}
