package dev.cutover.flags;

/**
 * The flag ConfigMap named by spec.flags.configMap does not exist. The operator never creates it
 * (the application's owner does, with the application's other settings): set Degraded and retry.
 */
public class MissingConfigMapException extends RuntimeException {
  private final String namespace;
  private final String name;

  public MissingConfigMapException(String namespace, String name) {
    super("ConfigMap " + namespace + "/" + name + " named by spec.flags.configMap does not exist: "
        + "create it in namespace " + namespace + "; the operator patches its flag keys but never creates it");
    this.namespace = namespace;
    this.name = name;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }
}
