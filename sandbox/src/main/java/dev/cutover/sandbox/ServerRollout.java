package dev.cutover.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Plays the Deployment controller for the application's Deployment: when its pod template changes
 * (the operator stamps the flags hash on it to restart the servers), the rollout is reported in
 * progress at once, and finished only once the application runs with the flags the ConfigMap holds
 * now and a short settle time passed, as when every new pod is ready. The status then carries what
 * {@code kubectl rollout status} checks: observedGeneration equal to the generation, and updated,
 * ready and available replicas equal to the desired replicas.
 */
final class ServerRollout implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final String deployment;
  private final String configMap;
  private final Predicate<Map<String, String>> applicationRunsWith;
  private final Duration settle;
  private final Consumer<String> log;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(Daemons.named("deployment-controller"));

  private Map<String, String> template;
  private Long generation;
  private Instant rolloutStarted;

  ServerRollout(KubernetesClient client, String namespace, String deployment, String configMap,
      Predicate<Map<String, String>> applicationRunsWith, Duration settle, Consumer<String> log) {
    this.client = client;
    this.namespace = namespace;
    this.deployment = deployment;
    this.configMap = configMap;
    this.applicationRunsWith = applicationRunsWith;
    this.settle = settle;
    this.log = log;
  }

  void start() {
    ticker.scheduleWithFixedDelay(this::tickSafely, 0, 100, TimeUnit.MILLISECONDS);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (KubernetesClientException e) {
      // A conflict or a blip of the API: the next tick tries again.
    }
  }

  private synchronized void tick() {
    Deployment current = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
    if (current == null) {
      return;
    }
    Map<String, String> annotations = current.getSpec().getTemplate().getMetadata() == null
        ? Map.of() : Objects.requireNonNullElse(current.getSpec().getTemplate().getMetadata().getAnnotations(), Map.of());
    Long currentGeneration = current.getMetadata().getGeneration();
    if (template == null) {
      template = annotations;
      generation = currentGeneration;
      writeStatus(current, true);
      return;
    }
    if (!annotations.equals(template) || !Objects.equals(currentGeneration, generation)) {
      template = annotations;
      generation = currentGeneration;
      rolloutStarted = Instant.now();
      writeStatus(current, false);
      log.accept("deployment/" + deployment + ": rollout started (pod template changed)");
      return;
    }
    if (rolloutStarted != null && Duration.between(rolloutStarted, Instant.now()).compareTo(settle) >= 0
        && applicationRunsWith.test(flagsNow())) {
      writeStatus(current, true);
      rolloutStarted = null;
      log.accept("deployment/" + deployment + " successfully rolled out");
    }
  }

  private Map<String, String> flagsNow() {
    ConfigMap flags = client.configMaps().inNamespace(namespace).withName(configMap).get();
    return flags == null || flags.getData() == null ? Map.of() : flags.getData();
  }

  private void writeStatus(Deployment current, boolean finished) {
    int replicas = current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
    DeploymentStatus status = new DeploymentStatusBuilder()
        .withObservedGeneration(current.getMetadata().getGeneration())
        .withReplicas(replicas)
        .withUpdatedReplicas(finished ? replicas : 0)
        .withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .withConditions(
            condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability."),
            finished
                ? condition("Progressing", "NewReplicaSetAvailable", "ReplicaSet has successfully progressed.")
                : condition("Progressing", "ReplicaSetUpdated", "ReplicaSet is progressing."))
        .build();
    if (!finished) {
      status.setUnavailableReplicas(0);
    }
    client.apps().deployments().inNamespace(namespace).withName(deployment).editStatus(d -> {
      d.setStatus(status);
      return d;
    });
  }

  private static DeploymentCondition condition(String type, String reason, String message) {
    String now = Instant.now().toString();
    return new DeploymentConditionBuilder().withType(type).withStatus("True").withReason(reason)
        .withMessage(message).withLastUpdateTime(now).withLastTransitionTime(now).build();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
