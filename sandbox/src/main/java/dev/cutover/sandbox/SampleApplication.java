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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The TeaElephant server, as far as a migration can tell: a pool of writers inserting, updating
 * and deleting rows, a reader, and the flags they honour, re-read from the ConfigMap every 100 ms.
 *
 * <ul>
 *   <li>DATABASE_BACKEND picks the primary: each write goes to it first.</li>
 *   <li>FF_PG_DUAL_WRITE mirrors each write to the other store once the primary committed, as an
 *       idempotent whole-row upsert or a delete by key, so a mirrored write of a row the backfill
 *       has not copied yet creates it (the backfill copies with ON CONFLICT DO NOTHING and never
 *       overwrites it). A write is acknowledged only when the primary and the mirror committed.</li>
 *   <li>FF_PG_READ_PERCENT is the share of reads served from the target.</li>
 * </ul>
 *
 * <p>Writes of one row are serialized (a row lock held across primary and mirror), so the mirror
 * always receives a row's writes in the primary's order. A flag change waits for the writes in
 * flight, the way a rollout replaces every old server before it is finished: once the application
 * runs with new flags, no write made with the old ones is still going.
 *
 * <p>A mirrored DELETE can race the backfill: the backfill reads a row, the application deletes it
 * from the source and the target (where it is not yet), the backfill then inserts its stale copy.
 * That resurrected row is exactly what verification finds and repair removes; the sandbox's final
 * check compares the target with this application's ledger, not with its own assumptions.
 */
public final class SampleApplication implements AutoCloseable {
  static final int WRITERS = 4;
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
  private final Map<String, AtomicLong> mirrorFailures = new ConcurrentHashMap<>();
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

  /** Mirror failures (writes not acknowledged) by reason. */
  public Map<String, Long> mirrorFailures() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    mirrorFailures.forEach((reason, count) -> copy.put(reason, count.get()));
    return copy;
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
      ReentrantLock rowLock = rowLocks[Math.floorMod(write.key().hashCode(), rowLocks.length)];
      rowLock.lock();
      try {
        performLocked(write, connections, flags);
      } finally {
        rowLock.unlock();
      }
    } finally {
      flagsLock.readLock().unlock();
    }
  }

  private void performLocked(SampleWrite write, StoreConnections connections, ServerFlags current) {
    Phase phase = current.phase();
    RowImage image;
    try {
      image = write.applyTo(connections.get(current.primary()));
    } catch (SQLException e) {
      if (StoreConnections.broken(e)) {
        connections.reset(current.primary());
        ledger.unknownOutcome(phase, write.key());
      } else {
        ledger.failed(phase);
      }
      return;
    }
    if (image == null) {
      workload.missing(write);
      return;
    }
    workload.applied(write);
    if (current.dualWrite()) {
      try {
        RowStatements.apply(connections.get(current.primary().other()), write.table(), write.key(), image);
      } catch (SQLException e) {
        if (StoreConnections.broken(e)) {
          connections.reset(current.primary().other());
        }
        mirrorFailures.computeIfAbsent(write.table().name() + ": " + firstLine(e), k -> new AtomicLong())
            .incrementAndGet();
        ledger.notAcknowledged(phase, write.key(), image);
        return;
      }
    }
    ledger.acknowledged(phase, write.kind(), write.key(), image);
  }

  private static String firstLine(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int detail = message.indexOf('\n');
    String line = detail < 0 ? message : message.substring(0, detail);
    // Keys differ per row; the reason is what is worth counting.
    return line.replaceAll("\\(.*\\)=\\(.*\\)", "(...)");
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
