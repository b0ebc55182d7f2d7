package dev.cutover.api;

import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** Points at one key of a Secret in the Migration's namespace. */
public class SecretKeyReference {

  /** The Secret and key. */
  @Required
  public SecretKeySelector secretKeyRef = new SecretKeySelector();
}
