package dev.cutover.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Starts the Cutover operator in this process against the sandbox's API server. */
@FunctionalInterface
public interface InProcessOperator {

  /** Starts the operator with Jobs running {@code workerImage}; closing the result stops it. */
  AutoCloseable start(KubernetesClient client, String workerImage) throws Exception;

  /** The real operator, as {@code cutover run} starts it, minus leader election and the health port. */
  static InProcessOperator cutover() {
    return (client, workerImage) -> {
      throw new SandboxFailure("the operator (dev.cutover.reconciler.CutoverOperator) is not part of this build yet");
    };
  }
}
