package dev.cutover.sandbox;

import dev.cutover.api.Phase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every row the application wrote, with the last value whose write was acknowledged to the
 * caller, and the counts of writes per phase.
 *
 * <p>A write is acknowledged only when the primary committed it and, with dual write on, the mirror
 * did too. A write that failed after the primary committed (the mirror failed) was not
 * acknowledged, yet its value is in the primary: from then on the row may hold that value or the
 * last acknowledged one, and both are accepted until the next acknowledged write of the row. A
 * write that failed on the primary changed nothing and is only counted.
 */
final class WriteLedger {

  /** What the application knows about one row. */
  static final class Entry {
    private RowImage acknowledged;
    private Phase acknowledgedIn;
    private WriteKind acknowledgedKind;
    private final List<RowImage> unacknowledged = new ArrayList<>();
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

    /** Values written by writes that were not acknowledged after the last acknowledged one. */
    synchronized List<RowImage> unacknowledged() {
      return List.copyOf(unacknowledged);
    }

    /** True when a write of unknown outcome (the connection broke mid-commit) followed the last acknowledged one. */
    synchronized boolean unknown() {
      return unknown;
    }

    /** The states the row may be in after these writes: the acknowledged one and the unacknowledged ones. */
    synchronized List<RowImage> acceptable() {
      List<RowImage> states = new ArrayList<>();
      if (acknowledged != null) {
        states.add(acknowledged);
      }
      states.addAll(unacknowledged);
      return states;
    }

    private synchronized void acknowledge(Phase phase, WriteKind kind, RowImage image) {
      acknowledged = image;
      acknowledgedIn = phase;
      acknowledgedKind = kind;
      unacknowledged.clear();
      unknown = false;
    }

    private synchronized void possibly(RowImage image) {
      unacknowledged.add(image);
    }

    private synchronized void markUnknown() {
      unknown = true;
    }
  }

  /** Counts of one phase. */
  static final class PhaseCounts {
    final Map<WriteKind, LongAdder> acknowledged = new EnumMap<>(WriteKind.class);
    final LongAdder notAcknowledged = new LongAdder();
    final LongAdder failed = new LongAdder();

    PhaseCounts() {
      for (WriteKind kind : WriteKind.values()) {
        acknowledged.put(kind, new LongAdder());
      }
    }

    long acknowledged(WriteKind kind) {
      return acknowledged.get(kind).sum();
    }

    long acknowledgedTotal() {
      return acknowledged.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Writes whose primary committed but whose mirror failed: not acknowledged. */
    long notAcknowledged() {
      return notAcknowledged.sum();
    }

    /** Writes refused by the primary: nothing changed. */
    long failed() {
      return failed.sum();
    }
  }

  private final Map<RowKey, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Phase, PhaseCounts> counts = new EnumMap<>(Phase.class);

  WriteLedger() {
    for (Phase phase : Phase.values()) {
      counts.put(phase, new PhaseCounts());
    }
  }

  /** The primary and, with dual write, the mirror committed: the caller got an acknowledgement. */
  void acknowledged(Phase phase, WriteKind kind, RowKey key, RowImage image) {
    entries.computeIfAbsent(key, k -> new Entry()).acknowledge(phase, kind, image);
    counts.get(phase).acknowledged.get(kind).increment();
  }

  /** The primary committed {@code image} but the mirror failed: the caller got an error. */
  void notAcknowledged(Phase phase, RowKey key, RowImage image) {
    entries.computeIfAbsent(key, k -> new Entry()).possibly(image);
    counts.get(phase).notAcknowledged.increment();
  }

  /** The primary refused the write; nothing changed. */
  void failed(Phase phase) {
    counts.get(phase).failed.increment();
  }

  /** The primary's connection broke while committing: the write may or may not have happened. */
  void unknownOutcome(Phase phase, RowKey key) {
    entries.computeIfAbsent(key, k -> new Entry()).markUnknown();
    counts.get(phase).failed.increment();
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
}
