package dev.cutover.sandbox;

import dev.cutover.api.Phase;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The TeaElephant server, as far as a migration can tell: a pool of writers inserting, updating
 * and deleting rows, a reader, and the flags they honour, re-read from the ConfigMap every 100 ms.
 *
 * <ul>
 *   <li>DATABASE_BACKEND picks the primary: each write goes to it first. Inserts into consumptions
 *       and notifications leave the id out: the primary's sequence gives it ({@code RETURNING}).</li>
 *   <li>FF_PG_DUAL_WRITE mirrors each write to the other store once the primary committed, with the
 *       statement the primary ran (see {@link SampleWrite}): an UPDATE that finds no row there, a
 *       DELETE that finds none, an INSERT that meets a foreign key whose parent is not copied yet or
 *       a row the backfill brought first, are counted and logged, never retried nor turned into an
 *       upsert. A write is acknowledged once the primary committed, as a real server answers its
 *       client; making the shadow equal is the backfill's and the operator's job.</li>
 *   <li>FF_PG_READ_PERCENT is the share of reads served from the target.</li>
 * </ul>
 *
 * <p>Writes of one row are serialized (a row lock held across primary and mirror), so the mirror
 * always receives a row's writes in the primary's order; a row whose id the primary just chose is
 * known to no other writer until its mirror ran. A flag change waits for the writes in flight, the
 * way a rollout replaces every old server before it is finished: once the application runs with new
 * flags, no write made with the old ones is still going.
 */
public final class SampleApplication implements AutoCloseable {
  static final int WRITERS = 4;
  private static final String UNIQUE_VIOLATION = "23505";
  private static final long FLAG_POLL_MILLIS = 100;

  private final SandboxDatabases databases;
  private final KubernetesClient client;
  private final String namespace;
  private final String configMap;
  private final Consumer<String> log;
  private final Pacer writePacer;
  private final Pacer readPacer;
  private final WriteLedger ledger = new WriteLedger();
  private final ReadCounts reads = new ReadCounts();
  private final ReentrantReadWriteLock flagsLock = new ReentrantReadWriteLock(true);
  private final ReentrantLock[] rowLocks = new ReentrantLock[256];
  private final WriteTally mirrorMisses;
  private final WriteTally refusals;
  private final List<Thread> threads = new ArrayList<>();
  private final ScheduledExecutorService flagWatch =
      Executors.newSingleThreadScheduledExecutor(Daemons.named("app-flags"));

  private volatile ServerFlags flags;
  private volatile String flagProblem;
  private volatile boolean running;
  private volatile boolean paused;
  private SampleWorkload workload;

  public SampleApplication(SandboxDatabases databases, KubernetesClient client, String namespace, String configMap,
      int writesPerSecond, Consumer<String> log) {
    this.databases = databases;
    this.client = client;
    this.namespace = namespace;
    this.configMap = configMap;
    this.log = log;
    this.writePacer = new Pacer(writesPerSecond);
    this.readPacer = new Pacer(writesPerSecond);
    this.mirrorMisses = new WriteTally("missed on the shadow", log);
    this.refusals = new WriteTally("was refused by the primary", log);
    for (int i = 0; i < rowLocks.length; i++) {
      rowLocks[i] = new ReentrantLock();
    }
  }

  /** Reads the flags, learns the keys from the primary and starts writing and reading. */
  public void start() throws SQLException {
    flags = readFlags().orElse(ServerFlags.OLD);
    try (Connection primary = databases.connect(flags.primary())) {
      workload = SampleWorkload.loadFrom(primary);
    }
    running = true;
    flagWatch.scheduleWithFixedDelay(this::pollFlags, FLAG_POLL_MILLIS, FLAG_POLL_MILLIS, TimeUnit.MILLISECONDS);
    for (int i = 0; i < WRITERS; i++) {
      threads.add(startThread("app-writer-" + (i + 1), new Random(i), this::writeLoop));
    }
    threads.add(startThread("app-reader", new Random(-1), this::readLoop));
  }

  private Thread startThread(String name, Random random, Consumer<Random> loop) {
    Thread thread = new Thread(() -> loop.accept(random), name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The flags the application runs with now. */
  public ServerFlags flags() {
    return flags;
  }

  /** True when the application runs with the flags {@code data} holds (and no older write is in flight). */
  boolean runsWith(Map<String, String> data) {
    try {
      return ServerFlags.parse(data).equals(flags);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public WriteLedger ledger() {
    return ledger;
  }

  public ReadCounts reads() {
    return reads;
  }

  /** Mirrored writes that did not change the shadow as they changed the primary, by "phase table: reason". */
  public Map<String, Long> mirrorMisses() {
    return mirrorMisses.counts();
  }

  /** Writes the primary refused, by "phase table: reason". */
  public Map<String, Long> refusals() {
    return refusals.counts();
  }

  /** Holds new writes and returns once every write in flight has finished. */
  public void pauseWrites() {
    paused = true;
    flagsLock.writeLock().lock();
    flagsLock.writeLock().unlock();
  }

  public void resumeWrites() {
    paused = false;
  }

  /** Stops writing and reading; returns once every write in flight has finished. */
  public void stop() {
    running = false;
    pauseWrites();
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flagWatch.shutdownNow();
  }

  @Override
  public void close() {
    if (running) {
      stop();
    }
    flagWatch.shutdownNow();
  }

  private Optional<ServerFlags> readFlags() {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(configMap).get();
    if (map == null) {
      report("ConfigMap " + configMap + " is missing; the server keeps its flags");
      return Optional.empty();
    }
    try {
      return Optional.of(ServerFlags.parse(map.getData()));
    } catch (IllegalArgumentException e) {
      report("ConfigMap " + configMap + ": " + e.getMessage() + "; the server keeps its flags");
      return Optional.empty();
    }
  }

  private void report(String problem) {
    if (!problem.equals(flagProblem)) {
      flagProblem = problem;
      log.accept(problem);
    }
  }

  private void pollFlags() {
    try {
      Optional<ServerFlags> read = readFlags();
      if (read.isEmpty() || read.get().equals(flags)) {
        return;
      }
      flagsLock.writeLock().lock();
      try {
        flags = read.get();
      } finally {
        flagsLock.writeLock().unlock();
      }
      flagProblem = null;
      log.accept("server now runs with " + flags + " (" + flags.phase() + ")");
    } catch (RuntimeException e) {
      report("cannot read ConfigMap " + configMap + ": " + e.getMessage());
    }
  }

  private void writeLoop(Random random) {
    try (StoreConnections connections = new StoreConnections(databases)) {
      while (running) {
        writePacer.await();
        Optional<SampleWrite> write = workload.next(random);
        if (write.isPresent()) {
          perform(write.get(), connections);
        }
      }
    }
  }

  private void perform(SampleWrite write, StoreConnections connections) {
    flagsLock.readLock().lock();
    try {
      if (paused) {
        return;
      }
      // An insert whose id the primary chooses makes a row no other writer can know yet.
      ReentrantLock rowLock = write.key() == null ? null
          : rowLocks[Math.floorMod(write.key().hashCode(), rowLocks.length)];
      if (rowLock != null) {
        rowLock.lock();
      }
      try {
        performLocked(write, connections, flags);
      } finally {
        if (rowLock != null) {
          rowLock.unlock();
        }
      }
    } finally {
      flagsLock.readLock().unlock();
    }
  }

  private void performLocked(SampleWrite write, StoreConnections connections, ServerFlags current) {
    Phase phase = current.phase();
    RowImage image;
    try {
      image = write.run(connections.get(current.primary()), write.onPrimary());
    } catch (SQLException e) {
      if (StoreConnections.broken(e)) {
        connections.reset(current.primary());
        ledger.unknownOutcome(phase, write.key());
      } else {
        ledger.refused(phase, write.generatesKey() && UNIQUE_VIOLATION.equals(e.getSQLState()));
        refusals.count(phase, write, WriteTally.reason(e));
      }
      return;
    }
    if (image == null) {
      workload.missing(write);
      return;
    }
    RowKey key = write.keyOf(image);
    ledger.acknowledged(phase, write, key, image);
    if (current.dualWrite()) {
      mirror(write, image, connections, current);
    }
    workload.applied(write, key);
  }

  /** Runs on the shadow the statement the primary ran; whatever happens is counted, nothing is retried. */
  private void mirror(SampleWrite write, RowImage primaryRow, StoreConnections connections, ServerFlags current) {
    Side shadow = current.primary().other();
    Phase phase = current.phase();
    try {
      RowImage mirrored = write.run(connections.get(shadow), write.mirrorOf(primaryRow));
      if (mirrored == null) {
        ledger.mirrorChangedNothing(phase);
        mirrorMisses.count(phase, write, write.changedNothing());
      } else {
        ledger.mirrored(phase);
      }
    } catch (SQLException e) {
      if (StoreConnections.broken(e)) {
        connections.reset(shadow);
      }
      ledger.mirrorFailed(phase);
      mirrorMisses.count(phase, write, WriteTally.reason(e));
    }
  }

  private void readLoop(Random random) {
    try (StoreConnections connections = new StoreConnections(databases)) {
      while (running) {
        readPacer.await();
        ServerFlags current = flags;
        Side side = random.nextInt(100) < current.readPercent() ? Side.TARGET : Side.SOURCE;
        String table = SampleWorkload.READ_TABLES.get(random.nextInt(SampleWorkload.READ_TABLES.size()));
        Optional<List<String>> key = workload.pool(table).pick(random);
        if (key.isEmpty()) {
          continue;
        }
        try {
          RowImage row = RowStatements.read(connections.get(side), TeaElephantSchema.table(table),
              new RowKey(table, key.get()));
          reads.served(current.phase(), side, !row.deleted());
        } catch (SQLException e) {
          // A failed read is the caller's problem, not the migration's; reconnect and go on.
          if (StoreConnections.broken(e)) {
            connections.reset(side);
          }
        }
      }
    }
  }
}
