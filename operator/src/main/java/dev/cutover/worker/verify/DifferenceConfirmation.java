package dev.cutover.worker.verify;

import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Passes on only the differences that last. While the application keeps dual-writing, a row the
 * scan passed after the primary was written and before the mirror landed looks different (or
 * missing) though it converges a moment later; counting it would refuse a migration for nothing.
 * So the keys the comparison names are re-read by key from both sides, compared by canonical row
 * hash again, and only the keys that still differ stay; this repeats for a few rounds with a short
 * pause before each, and the keys that differ after the last round are the real mismatches, passed
 * on with the kind the last round saw. The cost stays bounded: only differing keys are read, in
 * batches, and at most {@link ConfirmationSettings#chunkKeys()} of them are held at once.
 */
final class DifferenceConfirmation implements DifferenceSink {
  private final RowsByKey source;
  private final RowsByKey target;
  private final ConfirmationSettings settings;
  private final DifferenceSink next;
  private final Map<KeyBytes, Difference> pending = new LinkedHashMap<>();
  private TableShape table;
  private RowEncoder encoder;
  private long converged;

  DifferenceConfirmation(RowsByKey source, RowsByKey target, ConfirmationSettings settings, DifferenceSink next) {
    this.source = source;
    this.target = target;
    this.settings = settings;
    this.next = next;
  }

  @Override
  public void accept(Difference difference) throws StoreException {
    if (table != null && !table.equals(difference.table())) {
      confirmPending();
    }
    if (!difference.table().equals(table)) {
      table = difference.table();
      encoder = new RowEncoder(table);
    }
    byte[] key = encoder.keyBytesOf(difference.key());
    pending.putIfAbsent(new KeyBytes(key, encoder.keyHashLow()), difference);
    if (pending.size() >= settings.chunkKeys()) {
      confirmPending();
    }
  }

  @Override
  public void tableDone() throws StoreException {
    confirmPending();
    next.tableDone();
  }

  /** Keys the comparison named that were equal on both sides when confirmed. */
  long converged() {
    return converged;
  }

  private void confirmPending() throws StoreException {
    if (pending.isEmpty()) {
      return;
    }
    Map<KeyBytes, Difference> differing = new LinkedHashMap<>(pending);
    for (int round = 1; round <= settings.rounds() && !differing.isEmpty(); round++) {
      pause(round);
      differing = stillDiffering(differing);
    }
    converged += pending.size() - differing.size();
    pending.clear();
    for (Difference lasting : differing.values()) {
      next.accept(lasting);
    }
  }

  private void pause(int round) throws StoreException {
    try {
      settings.pause().before(round, settings.pauseMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StoreException.unavailable("interrupted while confirming the differences of table "
          + table.qualifiedName(), e);
    }
  }

  /** The keys of {@code keys} that differ when read again, each with the kind it has now. */
  private Map<KeyBytes, Difference> stillDiffering(Map<KeyBytes, Difference> keys) throws StoreException {
    Map<KeyBytes, Difference> differing = new LinkedHashMap<>();
    Iterator<Map.Entry<KeyBytes, Difference>> entries = keys.entrySet().iterator();
    while (entries.hasNext()) {
      List<Map.Entry<KeyBytes, Difference>> batch = new ArrayList<>();
      while (entries.hasNext() && batch.size() < settings.readBatch()) {
        batch.add(entries.next());
      }
      List<Key> batchKeys = batch.stream().map(entry -> entry.getValue().key()).toList();
      Map<KeyBytes, RowHash> sourceRows = hashes(source.read(table, batchKeys));
      Map<KeyBytes, RowHash> targetRows = hashes(target.read(table, batchKeys));
      for (Map.Entry<KeyBytes, Difference> entry : batch) {
        DifferenceKind kind = kind(sourceRows.get(entry.getKey()), targetRows.get(entry.getKey()));
        if (kind != null) {
          differing.put(entry.getKey(), new Difference(table, kind, entry.getValue().key()));
        }
      }
    }
    return differing;
  }

  /** How a key's two rows differ, or null when they are equal (or both gone). */
  private static DifferenceKind kind(RowHash source, RowHash target) {
    if (source == null) {
      return target == null ? null : DifferenceKind.MISSING_IN_SOURCE;
    }
    if (target == null) {
      return DifferenceKind.MISSING_IN_TARGET;
    }
    return source.equals(target) ? null : DifferenceKind.DIFFERENT;
  }

  private Map<KeyBytes, RowHash> hashes(List<String[]> rows) {
    Map<KeyBytes, RowHash> hashes = new HashMap<>();
    for (String[] row : rows) {
      encoder.encode(row);
      hashes.put(new KeyBytes(encoder.keyBytes(), encoder.keyHashLow()),
          new RowHash(encoder.rowHashLow(), encoder.rowHashHigh()));
    }
    return hashes;
  }

  private record RowHash(long low, long high) {}
}
