package dev.cutover.sandbox;

import dev.cutover.reconciler.CutoverOperator;
import dev.cutover.reconciler.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;

/** Starts the Cutover operator in this process against the sandbox's API server. */
@FunctionalInterface
public interface InProcessOperator {

  /** Starts the operator with Jobs running {@code workerImage}; closing the result stops it. */
  AutoCloseable start(KubernetesClient client, String workerImage) throws Exception;

  /**
   * The real operator, as {@code cutover run} starts it, minus leader election and the health
   * port, and looking at running Jobs every second so that a sandbox walk does not idle.
   */
  static InProcessOperator cutover() {
    return (client, workerImage) -> CutoverOperator.start(client,
        new OperatorSettings(workerImage, 0, Optional.empty(), "cutover-sandbox", Duration.ofSeconds(1)));
  }
}
