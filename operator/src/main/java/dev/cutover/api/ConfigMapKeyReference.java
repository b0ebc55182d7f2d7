package dev.cutover.api;

import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;

/** Points at one key of a ConfigMap in the Migration's namespace. */
public class ConfigMapKeyReference {

  /** The ConfigMap and key. */
  @Required
  public ConfigMapKeySelector configMapKeyRef = new ConfigMapKeySelector();
}
