package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** Points at one key of a Secret in the Migration's namespace. */
public class SecretKeyReference {

  /** The Secret and key. */
  @JsonPropertyDescription("The Secret and key.")
  @Required
  @SchemaFrom(type = SecretKeySelectorSchema.class)
  public SecretKeySelector secretKeyRef = new SecretKeySelector();
}
