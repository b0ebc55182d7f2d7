package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A FoundationDB cluster, reached through its cluster file. */
public class FoundationDbEndpoint {

  /** The ConfigMap key holding the cluster file (description:id@host:port,...). */
  @JsonPropertyDescription("The ConfigMap key holding the cluster file (description:id@host:port,...).")
  @Required
  public ConfigMapKeyReference clusterFile = new ConfigMapKeyReference();
}
