package dev.cutover.sandbox;

/**
 * A pod's container cannot be configured yet: a referenced Secret, ConfigMap or key is missing.
 * The kubelet keeps such a pod waiting (CreateContainerConfigError) and retries; so does the
 * sandbox's runner. The message names the object, never a value.
 */
final class ContainerConfigException extends Exception {
  ContainerConfigException(String message) {
    super(message);
  }
}
