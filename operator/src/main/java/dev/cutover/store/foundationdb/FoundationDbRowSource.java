package dev.cutover.store.foundationdb;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.tuple.ByteArrayUtil;
import dev.cutover.api.MigrationSpec;
import dev.cutover.api.StoreKind;
import dev.cutover.api.TableSpec;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * The rows of FoundationDB tables, as {@link FoundationDbTableLayout} maps them, read in
 * FoundationDB's key order (tuple byte order, which need not be PostgreSQL's collation order; the
 * checkpoint and the continuation both use FoundationDB's). Scans run through {@link RangeScan};
 * partitions follow the cluster's shard boundaries and carry raw keys (see {@link RawKey}).
 */
public final class FoundationDbRowSource implements RowSource {
  private final List<TableSpec> tables;
  private final SnapshotTransaction.Opener snapshots;
  private final ShardBoundaries shards;
  private final ScanSettings settings;
  private final Ticker ticker;
  private final Predicate<FDBException> retryable;
  private final AutoCloseable database;
  private final Map<TableShape, FoundationDbTableLayout> layouts = new HashMap<>();

  /**
   * A source reading through {@code snapshots}; {@code retryable} classifies FoundationDB errors
   * beyond {@link ReadRetries#RETRYABLE_CODES}; {@code database} is closed with the source.
   */
  public FoundationDbRowSource(List<TableSpec> tables, SnapshotTransaction.Opener snapshots, ShardBoundaries shards,
      ScanSettings settings, Ticker ticker, Predicate<FDBException> retryable, AutoCloseable database) {
    this.tables = List.copyOf(tables);
    this.snapshots = snapshots;
    this.shards = shards;
    this.settings = settings;
    this.ticker = ticker;
    this.retryable = ReadRetries.KNOWN_RETRYABLE.or(retryable);
    this.database = database;
  }

  /**
   * The source of a migration whose {@code spec.source.kind} is foundationdb, on the cluster whose
   * cluster file {@code CUTOVER_FDB_CLUSTER_FILE} in {@code env} names. Checks every table's
   * {@code foundationdb} block before connecting.
   */
  public static FoundationDbRowSource open(MigrationSpec spec, Map<String, String> env) throws StoreException {
    if (spec.source == null || spec.source.kind != StoreKind.FOUNDATIONDB) {
      throw StoreException.badInput("spec.source.kind is not foundationdb");
    }
    for (TableSpec table : spec.tables) {
      if (table.foundationdb == null) {
        throw StoreException.badInput("table " + table.name + " has no foundationdb block (keyPrefix, key, value),"
            + " which every table needs when spec.source.kind is foundationdb");
      }
      KeyPrefix.parse(table.foundationdb.keyPrefix, table.name);
    }
    Database database = FoundationDbConnector.open(env);
    ScanSettings settings = ScanSettings.defaults();
    return new FoundationDbRowSource(spec.tables, FoundationDbConnector.snapshots(database, settings),
        FoundationDbConnector.shardBoundaries(database), settings, Ticker.system(), FDBException::isRetryable, database);
  }

  @Override
  public void scan(TableShape table, KeyRange range, Key after, int batchSize, BatchSink sink) throws StoreException {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    FoundationDbTableLayout layout = layout(table);
    Range all = layout.subspace().range();
    String name = table.qualifiedName();
    byte[] begin = range.from() == null ? all.begin : max(all.begin, RawKey.fromKey(range.from(), name));
    byte[] end = range.to() == null ? all.end : min(all.end, RawKey.fromKey(range.to(), name));
    if (after != null) {
      begin = max(begin, ByteArrayUtil.keyAfter(layout.rawKey(after)));
    }
    if (ByteArrayUtil.compareUnsigned(begin, end) >= 0) {
      return;
    }
    new RangeScan(layout, snapshots, settings, ticker, new ReadRetries(settings, ticker, retryable))
        .run(begin, end, batchSize, sink);
  }

  /** Partition ranges carry raw FoundationDB keys, which PostgreSQL cannot compare: the whole table. */
  @Override
  public KeyRange targetRange(TableShape table, KeyRange range) {
    return KeyRange.ALL;
  }

  @Override
  public boolean contains(TableShape table, KeyRange range, Key key) throws StoreException {
    if (range.isAll()) {
      return true;
    }
    byte[] raw = layout(table).rawKey(key);
    String name = table.qualifiedName();
    return (range.from() == null || ByteArrayUtil.compareUnsigned(raw, RawKey.fromKey(range.from(), name)) >= 0)
        && (range.to() == null || ByteArrayUtil.compareUnsigned(raw, RawKey.fromKey(range.to(), name)) < 0);
  }

  /**
   * Groups the table's shards into at most {@code partitions} contiguous ranges of about equal shard
   * counts; fewer when the table spans fewer shards. The first range starts and the last ends open.
   */
  @Override
  public List<KeyRange> partitions(TableShape table, int partitions) throws StoreException {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    if (partitions == 1) {
      return List.of(KeyRange.ALL);
    }
    Range all = layout(table).subspace().range();
    List<byte[]> inside = boundariesInside(table, all);
    int shardCount = inside.size() + 1;
    int count = Math.min(partitions, shardCount);
    List<KeyRange> ranges = new ArrayList<>(count);
    Key from = null;
    for (int i = 1; i < count; i++) {
      Key to = RawKey.toKey(inside.get(i * shardCount / count - 1));
      ranges.add(new KeyRange(from, to));
      from = to;
    }
    ranges.add(new KeyRange(from, null));
    return ranges;
  }

  /** The distinct shard boundaries strictly inside {@code range}, in key order. */
  private List<byte[]> boundariesInside(TableShape table, Range range) throws StoreException {
    ReadRetries retries = new ReadRetries(settings, ticker, retryable);
    while (true) {
      try {
        TreeSet<byte[]> inside = new TreeSet<>(ByteArrayUtil.comparator());
        for (byte[] key : shards.within(range.begin, range.end)) {
          if (ByteArrayUtil.compareUnsigned(key, range.begin) > 0 && ByteArrayUtil.compareUnsigned(key, range.end) < 0) {
            inside.add(key);
          }
        }
        return new ArrayList<>(inside);
      } catch (FDBException | CompletionException e) {
        FDBException error = e instanceof FDBException direct ? direct : fdbCause((CompletionException) e);
        retries.failed(error, "reading the shard boundaries of table " + table.qualifiedName());
      }
    }
  }

  private static FDBException fdbCause(CompletionException e) {
    if (e.getCause() instanceof FDBException error) {
      return error;
    }
    throw e;
  }

  /**
   * Checks that {@code table} as resolved against the target fits its {@code foundationdb} block
   * (key columns, their types, value columns), so that a spec mistake stops the run before any row
   * is copied.
   */
  public void check(TableShape table) throws StoreException {
    layout(table);
  }

  /** How often each JSON field that is not a copied column was met while scanning {@code table}. */
  public Map<String, Long> ignoredFields(TableShape table) {
    FoundationDbTableLayout layout = layouts.get(table);
    return layout == null ? Map.of() : layout.ignoredFields();
  }

  private FoundationDbTableLayout layout(TableShape table) throws StoreException {
    FoundationDbTableLayout layout = layouts.get(table);
    if (layout == null) {
      layout = FoundationDbTableLayout.of(table, spec(table).foundationdb);
      layouts.put(table, layout);
    }
    return layout;
  }

  private TableSpec spec(TableShape table) throws StoreException {
    for (TableSpec spec : tables) {
      if (spec.name.equals(table.name()) && spec.schemaOrDefault().equals(table.schema())) {
        return spec;
      }
    }
    throw StoreException.badInput("table " + table.qualifiedName() + " is not among spec.tables");
  }

  /**
   * The range that holds the row of {@code key} and nothing else ({@code [key, key + 0x00)}), so a
   * scan of it reads that one row, or none when the key does not exist: how a repair reads the
   * rows it rewrites from a FoundationDB primary.
   */
  public KeyRange rangeOf(TableShape table, Key key) throws StoreException {
    byte[] raw = layout(table).rawKey(key);
    return new KeyRange(RawKey.toKey(raw), RawKey.toKey(ByteArrayUtil.keyAfter(raw)));
  }

  @Override
  public void close() throws StoreException {
    try {
      database.close();
    } catch (Exception e) {
      throw StoreException.unavailable("closing the FoundationDB database failed: " + e.getMessage(), e);
    }
  }

  private static byte[] max(byte[] a, byte[] b) {
    return ByteArrayUtil.compareUnsigned(a, b) >= 0 ? a : b;
  }

  private static byte[] min(byte[] a, byte[] b) {
    return ByteArrayUtil.compareUnsigned(a, b) <= 0 ? a : b;
  }
}
