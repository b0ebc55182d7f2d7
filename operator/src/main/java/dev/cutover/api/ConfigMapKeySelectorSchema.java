package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Schema stand-in for {@code configMapKeyRef}: the same fields as Kubernetes' ConfigMapKeySelector,
 * described, bounded and both required, so that a reference without a name is refused on apply.
 */
final class ConfigMapKeySelectorSchema {

  /** The ConfigMap's name, in the Migration's namespace. */
  @JsonPropertyDescription("The ConfigMap's name, in the Migration's namespace.")
  @Required
  @Pattern(FlagsSpec.DNS_SUBDOMAIN)
  @Size(max = 253)
  public String name;

  /** The key in the ConfigMap's data. */
  @JsonPropertyDescription("The key in the ConfigMap's data.")
  @Required
  @Pattern(FlagKeys.CONFIG_MAP_KEY)
  public String key;

  /** Kubernetes' optional flag of a key selector; leave it unset: Cutover cannot work without the key. */
  @JsonPropertyDescription("Kubernetes' optional flag of a key selector; leave it unset: Cutover cannot work without the key.")
  public Boolean optional;

  private ConfigMapKeySelectorSchema() {}
}
