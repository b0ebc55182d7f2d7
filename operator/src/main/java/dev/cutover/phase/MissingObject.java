package dev.cutover.phase;

/**
 * An object the spec references that does not exist: the flags ConfigMap, a DSN Secret, a
 * cluster-file ConfigMap, a restarted workload.
 *
 * @param kind ConfigMap, Secret, Deployment or StatefulSet
 * @param name its name in the Migration's namespace
 * @param referencedBy the spec field naming it, such as spec.target.postgres.dsn.secretKeyRef
 */
public record MissingObject(String kind, String name, String referencedBy) {
  public String describe() {
    return kind + " " + name + " (" + referencedBy + ")";
  }
}
