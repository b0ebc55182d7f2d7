package dev.cutover.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: java-operator-sdk with the Migration reconciler, optional leader election
 * on a Lease and the health endpoint.
 *
 * <p>Status is patched with a JSON merge patch, not server-side apply, everywhere: the in-process
 * API server of the tests and the sandbox cannot serve SSA, and what is tested is what runs.
 */
public final class CutoverOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CutoverOperator.class);

  private final Operator operator;
  private final HealthEndpoint health;
  private final MigrationReconciler reconciler;

  private CutoverOperator(Operator operator, HealthEndpoint health, MigrationReconciler reconciler) {
    this.operator = operator;
    this.health = health;
    this.reconciler = reconciler;
  }

  /** Starts the operator on {@code client}; the client stays open when the operator stops. */
  public static CutoverOperator start(KubernetesClient client, OperatorSettings settings) throws IOException {
    return start(client, settings, MigrationReconciler.create(client, settings));
  }

  static CutoverOperator start(KubernetesClient client, OperatorSettings settings, MigrationReconciler reconciler)
      throws IOException {
    Operator operator = new Operator(overrider -> {
      overrider
          .withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withStopOnInformerErrorDuringStartup(false)
          .withReconciliationTerminationTimeout(Duration.ofSeconds(5));
      settings.leaderElectionNamespace().ifPresent(namespace -> overrider.withLeaderElectionConfiguration(
          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(OperatorSettings.LEASE_NAME)
              .withLeaseNamespace(namespace)
              .withIdentity(settings.identity())
              .build()));
    });
    operator.register(reconciler);
    operator.start();
    HealthEndpoint health = settings.healthPort() > 0 ? new HealthEndpoint(settings.healthPort(), operator, settings.leaderElectionNamespace().isPresent()) : null;
    LOG.info("Cutover operator started (worker image {}, leader election {})",
        settings.workerImage(), settings.leaderElectionNamespace().map(ns -> "on in " + ns).orElse("off"));
    return new CutoverOperator(operator, health, reconciler);
  }

  /** How a failed reconcile of a Migration is retried, as the framework was configured with it. */
  io.javaoperatorsdk.operator.processing.retry.Retry retry() {
    return operator.getRegisteredController(MigrationReconciler.NAME).orElseThrow()
        .getConfiguration().getRetry();
  }

  /** The informers the operator reads: for tests that look at what it caches. */
  MigrationEventSources eventSources() {
    return reconciler.eventSources();
  }

  /** Blocks until the process is stopped; stops the operator on JVM shutdown. */
  public void awaitShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "cutover-shutdown"));
    Thread.currentThread().join();
  }

  @Override
  public void close() {
    if (health != null) {
      health.close();
    }
    operator.stop();
  }
}
