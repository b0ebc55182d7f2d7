package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The feature-flag ConfigMap the application reads; the operator owns only the keys named here. */
public class FlagsSpec {
  static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** The name of the ConfigMap, in the Migration's namespace. It is patched, never created or deleted. */
  @JsonPropertyDescription("The name of the ConfigMap, in the Migration's namespace. It is patched, never created or deleted.")
  @Required
  @Pattern(DNS_SUBDOMAIN)
  @Size(max = 253)
  public String configMap;

  /** env: one key per flag; flagd: one key holding an OpenFeature flagd document. */
  @JsonPropertyDescription("env: one key per flag; flagd: one key holding an OpenFeature flagd document.")
  @Default("env")
  public FlagFormat format = FlagFormat.ENV;

  /** The ConfigMap keys the flags are written to. */
  @JsonPropertyDescription("The ConfigMap keys the flags are written to.")
  public FlagKeys keys = new FlagKeys();

  /** The values of the backend flag that name each side. */
  @JsonPropertyDescription("The values of the backend flag that name each side.")
  public BackendValues backendValues = new BackendValues();

  /** Workloads restarted after each flag change; the next step waits for their rollout. */
  @JsonPropertyDescription("Workloads restarted after each flag change; the next step waits for their rollout.")
  @Size(max = 20)
  public List<WorkloadReference> restartWorkloads = new ArrayList<>();
}
