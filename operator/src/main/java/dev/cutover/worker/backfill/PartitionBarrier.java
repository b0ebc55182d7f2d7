package dev.cutover.worker.backfill;

import dev.cutover.store.BackfillTarget;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.PartitionProgress;
import dev.cutover.store.Retry;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.worker.PartitionSlot;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Holds a partition at the end of a table until every partition of that table has finished, so that
 * no partition starts the next table in spec order while another one still copies this table: the
 * spec lists tables foreign keys first, and a child row copied before its parent is refused by the
 * target. The partitions meet through their checkpoints in the target, the one thing all pods share.
 *
 * <p>A partition the plan gives no range has nothing to copy and counts as finished. While the others
 * copy, their checkpoints move; when none has moved for the stall limit (a pod that never started,
 * died or hangs), this one fails as a store failure (exit 3) naming them, and the operator's next
 * attempt resumes every partition from its checkpoint.
 */
final class PartitionBarrier {
  private static final Duration REPORT_INTERVAL = Duration.ofSeconds(30);

  /** How often to look at the other partitions, and how long to wait while none of them moves. */
  record Timing(Duration poll, Duration stallLimit) {
    static final String ENV_POLL_MS = "CUTOVER_PARTITION_POLL_MS";
    static final String ENV_STALL_LIMIT_MS = "CUTOVER_PARTITION_STALL_LIMIT_MS";
    /**
     * A look a second costs one indexed read per pod; ten minutes outlasts what delays a live pod
     * without a commit: Kubernetes scheduling and image pulls, the store retries of a partition
     * ({@link Retry#DEFAULT}: under a minute), one slow batch.
     */
    static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), Duration.ofMinutes(10));

    static Timing fromEnv(Map<String, String> env) throws StoreException {
      return new Timing(millis(env, ENV_POLL_MS, DEFAULT.poll), millis(env, ENV_STALL_LIMIT_MS, DEFAULT.stallLimit));
    }

    private static Duration millis(Map<String, String> env, String name, Duration fallback) throws StoreException {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        long parsed = Long.parseLong(value.strip());
        if (parsed > 0) {
          return Duration.ofMillis(parsed);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw StoreException.badInput(name + " must be a positive whole number of milliseconds, got '" + value + "'");
    }
  }

  private final BackfillTarget target;
  private final PartitionSlot slot;
  private final Timing timing;
  private final Retry retry;
  private final PrintStream err;

  PartitionBarrier(BackfillTarget target, PartitionSlot slot, Timing timing, Retry retry, PrintStream err) {
    this.target = target;
    this.slot = slot;
    this.timing = timing;
    this.retry = retry;
    this.err = err;
  }

  /**
   * Returns once every partition of {@code table} ({@code id} is this partition's checkpoint) has
   * finished; {@code ranges} is the size of the table's partition plan, {@code next} the table that waits.
   */
  void await(TableShape table, CheckpointId id, int ranges, TableShape next) throws StoreException {
    long start = System.nanoTime();
    long lastMove = start;
    long lastReport = start - REPORT_INTERVAL.toNanos();
    List<Peer> previous = null;
    while (true) {
      List<Peer> waitingFor = unfinished(look(id), ranges);
      long now = System.nanoTime();
      if (waitingFor.isEmpty()) {
        if (previous != null) {
          err.println(prefix(table) + ": every partition finished after " + seconds(now - start)
              + ", starting " + next.qualifiedName());
        }
        return;
      }
      if (!waitingFor.equals(previous)) {
        lastMove = now;
        previous = waitingFor;
      }
      if (now - lastMove >= timing.stallLimit().toNanos()) {
        throw stalled(table, next, waitingFor);
      }
      if (now - lastReport >= REPORT_INTERVAL.toNanos()) {
        lastReport = now;
        err.println(prefix(table) + ": waiting for the other partitions of " + table.qualifiedName()
            + " to finish before starting " + next.qualifiedName() + ": " + describe(waitingFor) + "; waited "
            + seconds(now - start) + ", no progress for " + seconds(now - lastMove) + " (stall limit "
            + seconds(timing.stallLimit().toNanos()) + ")");
      }
      pause();
    }
  }

  /** A partition this one waits for, and its last checkpoint if it committed any. */
  private record Peer(int partition, Optional<PartitionProgress> last) {}

  private List<Peer> unfinished(List<PartitionProgress> checkpoints, int ranges) {
    Map<Integer, PartitionProgress> byPartition = checkpoints.stream()
        .collect(Collectors.toMap(PartitionProgress::partition, p -> p));
    List<Peer> waitingFor = new ArrayList<>();
    for (int partition = 0; partition < Math.min(ranges, slot.count()); partition++) {
      Optional<PartitionProgress> last = Optional.ofNullable(byPartition.get(partition));
      if (partition != slot.index() && last.map(p -> !p.checkpoint().finished()).orElse(true)) {
        waitingFor.add(new Peer(partition, last));
      }
    }
    return waitingFor;
  }

  /** The checkpoints, retrying a target that fails transiently as the copy does. */
  private List<PartitionProgress> look(CheckpointId id) throws StoreException {
    for (int failures = 1; ; failures++) {
      try {
        return target.partitionCheckpoints(id);
      } catch (StoreException e) {
        if (e.kind() != StoreException.Kind.UNAVAILABLE || failures >= retry.attempts()) {
          throw e;
        }
        retry.pause(failures);
      }
    }
  }

  private StoreException stalled(TableShape table, TableShape next, List<Peer> waitingFor) {
    String indexes = waitingFor.stream().map(peer -> String.valueOf(peer.partition())).collect(Collectors.joining(", "));
    return StoreException.unavailable("partition " + slot + " gave up waiting for the other partitions of "
        + table.qualifiedName() + ": " + describe(waitingFor) + "; none moved for "
        + seconds(timing.stallLimit().toNanos()) + ". " + next.qualifiedName() + " and the tables after it were not"
        + " started: tables are copied in spec order, foreign keys first, so their rows may reference rows those"
        + " partitions have not copied yet. Look at the backfill pod(s) with JOB_COMPLETION_INDEX " + indexes
        + " (Pending? crash-looping? hung? kubectl describe and logs); the operator's next attempt resumes every"
        + " partition from its checkpoint. A partition that is slow but alive needs a longer "
        + Timing.ENV_STALL_LIMIT_MS + " (now " + timing.stallLimit().toMillis() + ").", null);
  }

  private String describe(List<Peer> waitingFor) {
    return waitingFor.stream()
        .map(peer -> "partition " + peer.partition() + "/" + slot.count() + peer.last()
            .map(p -> " at " + p.checkpoint().rowsCopied() + " rows")
            .orElse(" with nothing committed yet"))
        .collect(Collectors.joining(", "));
  }

  private void pause() throws StoreException {
    try {
      Thread.sleep(timing.poll().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StoreException.unavailable("interrupted while waiting for the other partitions", e);
    }
  }

  private String prefix(TableShape table) {
    return "backfill " + table.qualifiedName() + " [partition " + slot + "]";
  }

  private static String seconds(long nanos) {
    return nanos < 60_000_000_000L
        ? String.format(Locale.ROOT, "%.1fs", nanos / 1e9)
        : BackfillProgress.format(Duration.ofNanos(nanos));
  }
}
