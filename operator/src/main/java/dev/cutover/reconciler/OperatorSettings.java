package dev.cutover.reconciler;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How this operator process runs, read from its environment.
 *
 * @param workerImage the image the backfill and verification Jobs run (the operator's own)
 * @param healthPort port of /healthz and /readyz; 0 turns the endpoint off
 * @param leaderElectionNamespace where the Lease lives; empty turns leader election off
 * @param identity this replica's name in the Lease
 * @param jobPollInterval how often a Migration with a running Job is looked at even without events
 */
public record OperatorSettings(
    String workerImage,
    int healthPort,
    Optional<String> leaderElectionNamespace,
    String identity,
    Duration jobPollInterval) {

  public static final String ENV_WORKER_IMAGE = "CUTOVER_WORKER_IMAGE";
  public static final String ENV_HEALTH_PORT = "CUTOVER_HEALTH_PORT";
  public static final String ENV_LEADER_ELECTION = "CUTOVER_LEADER_ELECTION";
  public static final String ENV_POD_NAMESPACE = "POD_NAMESPACE";
  public static final String ENV_POD_NAME = "POD_NAME";
  public static final String DEFAULT_WORKER_IMAGE = "ghcr.io/cutover/cutover:0.1.0";
  public static final String LEASE_NAME = "cutover-operator";

  /** Settings for tests and the sandbox: no health port, no leader election, quick polling. */
  public static OperatorSettings inProcess() {
    return new OperatorSettings(DEFAULT_WORKER_IMAGE, 0, Optional.empty(), "in-process", Duration.ofSeconds(2));
  }

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String image = env.getOrDefault(ENV_WORKER_IMAGE, DEFAULT_WORKER_IMAGE);
    int port;
    try {
      port = Integer.parseInt(env.getOrDefault(ENV_HEALTH_PORT, "8080"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV_HEALTH_PORT + " must be a port number, got '" + env.get(ENV_HEALTH_PORT) + "'");
    }
    boolean elect = Boolean.parseBoolean(env.getOrDefault(ENV_LEADER_ELECTION, "false"));
    Optional<String> namespace = Optional.empty();
    if (elect) {
      String ns = env.get(ENV_POD_NAMESPACE);
      if (ns == null || ns.isBlank()) {
        throw new IllegalArgumentException(
            ENV_LEADER_ELECTION + "=true needs " + ENV_POD_NAMESPACE + " (set it from the downward API: metadata.namespace)");
      }
      namespace = Optional.of(ns);
    }
    String identity = env.getOrDefault(ENV_POD_NAME, env.getOrDefault("HOSTNAME", "cutover-operator"));
    return new OperatorSettings(image, port, namespace, identity, Duration.ofSeconds(10));
  }
}
