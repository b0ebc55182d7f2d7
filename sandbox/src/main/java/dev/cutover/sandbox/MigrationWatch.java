package dev.cutover.sandbox;

import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows the sandbox's Migration the way {@code kubectl get migrations -w} and
 * {@code kubectl get events -w} would: one line whenever a column changes, one line per new Event
 * on the Migration; on the way it gathers every sign that a verification needed a repair.
 */
final class MigrationWatch implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Consumer<String> print;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(Daemons.named("migration-watch"));
  private final Set<String> eventsSeen = new HashSet<>();
  private final RepairEvidence repairs = new RepairEvidence();
  private MigrationLine last;
  private volatile Migration current;

  MigrationWatch(KubernetesClient client, String namespace, String name, Consumer<String> print) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.print = print;
  }

  void start() {
    print.accept(MigrationLine.header());
    poller.scheduleWithFixedDelay(this::pollSafely, 0, 200, TimeUnit.MILLISECONDS);
  }

  Migration current() {
    return current;
  }

  /** Every sign, seen so far, that a verification needed a repair. */
  RepairEvidence repairs() {
    return repairs;
  }

  private void pollSafely() {
    try {
      poll();
    } catch (KubernetesClientException e) {
      // The next poll tries again.
    }
  }

  synchronized void poll() {
    Migration migration = client.resources(Migration.class).inNamespace(namespace).withName(name).get();
    if (migration == null) {
      return;
    }
    current = migration;
    repairs.observe(migration);
    MigrationLine line = MigrationLine.of(migration);
    if (!line.equals(last)) {
      last = line;
      Instant created = migration.getMetadata().getCreationTimestamp() == null
          ? null : Instant.parse(migration.getMetadata().getCreationTimestamp());
      print.accept(line.render(created, Instant.now()));
    }
    printNewEvents();
  }

  private void printNewEvents() {
    List<Event> events = client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && "Migration".equals(e.getInvolvedObject().getKind())
            && name.equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing((Event e) -> Objects.toString(e.getLastTimestamp(), ""))
            .thenComparing(e -> e.getMetadata().getName()))
        .toList();
    for (Event event : events) {
      repairs.observe(event);
      String key = event.getMetadata().getName() + "/" + event.getCount();
      if (eventsSeen.add(key)) {
        print.accept(String.format("  event  %-7s %-22s %s", event.getType(), event.getReason(), event.getMessage()));
      }
    }
  }

  /** True when the operator has the Migration in {@code phase} with every gate of it open. */
  static boolean complete(Migration migration, Phase phase) {
    var status = migration.getStatus();
    Long generation = migration.getMetadata().getGeneration();
    return status != null && status.phase == phase && status.step == Step.Complete
        && (generation == null || status.observedGeneration != null && status.observedGeneration >= generation);
  }

  /**
   * Waits until the Migration is complete in {@code phase}; fails when the deadline passes or the
   * operator reports Failed for the current spec, saying where it stopped.
   */
  Migration awaitComplete(Phase phase, Instant deadline) throws SandboxFailure {
    while (true) {
      poll();
      Migration migration = current;
      if (migration != null && complete(migration, phase)) {
        return migration;
      }
      if (migration != null && migration.getStatus() != null && migration.getStatus().step == Step.Failed
          && Objects.equals(migration.getStatus().observedGeneration, migration.getMetadata().getGeneration())) {
        throw new SandboxFailure("the operator reports step Failed on the way to " + phase + ": " + describe(migration));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new SandboxFailure("timed out waiting for phase " + phase + " to complete: " + describe(migration));
      }
      sleep(200);
    }
  }

  static String describe(Migration migration) {
    if (migration == null) {
      return "the Migration was never read back from the API";
    }
    var status = migration.getStatus();
    if (status == null || status.phase == null) {
      return "the operator has not written a status yet (is it running?)";
    }
    return "stuck in phase " + status.phase + " at step " + status.step
        + (status.message == null ? "" : " (" + status.message + ")");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Migration", e);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
