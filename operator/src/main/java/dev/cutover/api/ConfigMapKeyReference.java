package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;

/** Points at one key of a ConfigMap in the Migration's namespace. */
public class ConfigMapKeyReference {

  /** The ConfigMap and key. */
  @JsonPropertyDescription("The ConfigMap and key.")
  @Required
  @SchemaFrom(type = ConfigMapKeySelectorSchema.class)
  public ConfigMapKeySelector configMapKeyRef = new ConfigMapKeySelector();
}
