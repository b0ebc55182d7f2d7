package dev.cutover.cli;

import dev.cutover.reconciler.CutoverOperator;
import dev.cutover.reconciler.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Runs the operator against the current kube context or the in-cluster configuration. */
@Command(
    name = "run",
    description = {
      "Run the operator (the default when no command is given), against the current kube context",
      "or the in-cluster service account. Environment: CUTOVER_WORKER_IMAGE (image of the Jobs),",
      "CUTOVER_HEALTH_PORT (default 8080: /healthz, /readyz), CUTOVER_LEADER_ELECTION=true with",
      "POD_NAMESPACE and POD_NAME (Lease cutover-operator)."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() throws Exception {
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnvironment(main.env());
    } catch (IllegalArgumentException e) {
      main.err().println("cutover run: " + e.getMessage());
      return 2;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    try (CutoverOperator operator = CutoverOperator.start(client, settings)) {
      operator.awaitShutdown();
    }
    return 0;
  }
}
