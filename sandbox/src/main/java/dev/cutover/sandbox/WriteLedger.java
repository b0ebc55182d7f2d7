package dev.cutover.sandbox;

import dev.cutover.api.Phase;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every row the application wrote, with the value of its last acknowledged write, and the counts of
 * writes and mirrors per phase.
 *
 * <p>A write is acknowledged when the primary committed it, as a real application answers its
 * client: the mirror's fate does not change the answer. A mirror that changed nothing or failed is
 * counted, and from then on it is the backfill's and the operator's job to make the shadow equal to
 * the primary. A write the primary refused changed nothing and is only counted; one whose connection
 * broke mid-commit may or may not have happened, and its row is left to the verification.
 */
final class WriteLedger {

  /** What the application knows about one row. */
  static final class Entry {
    private RowImage acknowledged;
    private Phase acknowledgedIn;
    private WriteKind acknowledgedKind;
    private boolean unknown;

    synchronized RowImage acknowledged() {
      return acknowledged;
    }

    synchronized Phase acknowledgedIn() {
      return acknowledgedIn;
    }

    synchronized WriteKind acknowledgedKind() {
      return acknowledgedKind;
    }

    /** True when a write of unknown outcome (the connection broke mid-commit) followed the last acknowledged one. */
    synchronized boolean unknown() {
      return unknown;
    }

    private synchronized void acknowledge(Phase phase, WriteKind kind, RowImage image) {
      acknowledged = image;
      acknowledgedIn = phase;
      acknowledgedKind = kind;
      unknown = false;
    }

    private synchronized void markUnknown() {
      unknown = true;
    }
  }

  /** Counts of one phase. */
  static final class PhaseCounts {
    private final Map<WriteKind, LongAdder> acknowledged = new EnumMap<>(WriteKind.class);
    private final Map<WriteKind, LongAdder> duringBackfill = new EnumMap<>(WriteKind.class);
    private final LongAdder generatedKeyInserts = new LongAdder();
    private final LongAdder generatedKeyDuplicates = new LongAdder();
    private final LongAdder mirrored = new LongAdder();
    private final LongAdder mirrorChangedNothing = new LongAdder();
    private final LongAdder mirrorFailed = new LongAdder();
    private final LongAdder refused = new LongAdder();

    PhaseCounts() {
      for (WriteKind kind : WriteKind.values()) {
        acknowledged.put(kind, new LongAdder());
        duringBackfill.put(kind, new LongAdder());
      }
    }

    long acknowledged(WriteKind kind) {
      return acknowledged.get(kind).sum();
    }

    long acknowledgedTotal() {
      return acknowledged.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Acknowledged writes made while a backfill pod was copying. */
    long duringBackfill(WriteKind kind) {
      return duringBackfill.get(kind).sum();
    }

    /** Acknowledged inserts whose id the primary's sequence chose. */
    long generatedKeyInserts() {
      return generatedKeyInserts.sum();
    }

    /** Inserts without an id the primary refused with a duplicate key: its sequence handed out a used id. */
    long generatedKeyDuplicates() {
      return generatedKeyDuplicates.sum();
    }

    /** Mirrored writes that changed the other store as they changed the primary. */
    long mirrored() {
      return mirrored.sum();
    }

    /** Mirrored writes that changed nothing: an UPDATE or DELETE found no row, an INSERT IF ABSENT found one. */
    long mirrorChangedNothing() {
      return mirrorChangedNothing.sum();
    }

    /** Mirrored writes the other store refused (foreign key, duplicate key...). */
    long mirrorFailed() {
      return mirrorFailed.sum();
    }

    /** Writes refused by the primary: nothing changed, the caller got an error. */
    long refused() {
      return refused.sum();
    }
  }

  private final Map<RowKey, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Phase, PhaseCounts> counts = new EnumMap<>(Phase.class);
  private volatile boolean backfillRunning;

  WriteLedger() {
    for (Phase phase : Phase.values()) {
      counts.put(phase, new PhaseCounts());
    }
  }

  /** The primary committed {@code write}, leaving the row {@code key} as {@code image}: the caller got an answer. */
  void acknowledged(Phase phase, SampleWrite write, RowKey key, RowImage image) {
    entries.computeIfAbsent(key, k -> new Entry()).acknowledge(phase, write.kind(), image);
    PhaseCounts phaseCounts = counts.get(phase);
    phaseCounts.acknowledged.get(write.kind()).increment();
    if (write.generatesKey()) {
      phaseCounts.generatedKeyInserts.increment();
    }
    if (backfillRunning) {
      phaseCounts.duringBackfill.get(write.kind()).increment();
    }
  }

  void mirrored(Phase phase) {
    counts.get(phase).mirrored.increment();
  }

  void mirrorChangedNothing(Phase phase) {
    counts.get(phase).mirrorChangedNothing.increment();
  }

  void mirrorFailed(Phase phase) {
    counts.get(phase).mirrorFailed.increment();
  }

  /** The primary refused the write; nothing changed. {@code duplicateGeneratedKey}: an insert without id hit a used id. */
  void refused(Phase phase, boolean duplicateGeneratedKey) {
    counts.get(phase).refused.increment();
    if (duplicateGeneratedKey) {
      counts.get(phase).generatedKeyDuplicates.increment();
    }
  }

  /** The primary's connection broke while committing: the write may or may not have happened. */
  void unknownOutcome(Phase phase, RowKey key) {
    if (key != null) {
      entries.computeIfAbsent(key, k -> new Entry()).markUnknown();
    }
    counts.get(phase).refused.increment();
  }

  /** Whether a backfill pod is copying now; acknowledged writes are counted apart meanwhile. */
  void backfillRunning(boolean running) {
    backfillRunning = running;
  }

  Map<RowKey, Entry> entries() {
    return Map.copyOf(entries);
  }

  PhaseCounts counts(Phase phase) {
    return counts.get(phase);
  }

  long acknowledgedTotal() {
    return counts.values().stream().mapToLong(PhaseCounts::acknowledgedTotal).sum();
  }

  /** Over every phase in which the target was the primary. */
  long generatedKeyInsertsOnTarget() {
    return counts(Phase.REVERSE_SHADOW).generatedKeyInserts() + counts(Phase.NEW).generatedKeyInserts();
  }

  long generatedKeyDuplicatesOnTarget() {
    return counts(Phase.REVERSE_SHADOW).generatedKeyDuplicates() + counts(Phase.NEW).generatedKeyDuplicates();
  }
}
