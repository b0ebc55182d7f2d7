package dev.cutover.sandbox;

import dev.cutover.api.Phase;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes that did not do on a store what they did, or meant to do, counted by phase, table and
 * reason; the first of each reason is logged, the rest only counted (a shadow that misses writes
 * early in shadow misses thousands).
 */
final class WriteTally {
  private final String what;
  private final Consumer<String> log;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  /** {@code what} names the event in the log: "missed on the shadow", "was refused by the primary" */
  WriteTally(String what, Consumer<String> log) {
    this.what = what;
    this.log = log;
  }

  void count(Phase phase, SampleWrite write, String reason) {
    String key = phase.value() + " " + write.table().name() + ": " + reason;
    AtomicLong count = counts.computeIfAbsent(key, k -> {
      log.accept("in " + phase.value() + ", " + write.kind().name() + " " + write.table().name() + " " + what
          + ": " + reason + " (counted; the next ones without a line)");
      return new AtomicLong();
    });
    count.incrementAndGet();
  }

  /** Counts by "phase table: reason", sorted. */
  Map<String, Long> counts() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((reason, count) -> copy.put(reason, count.get()));
    return copy;
  }

  /** The first line of the server's message, with the values of the key taken out: the reason is what is worth counting. */
  static String reason(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int detail = message.indexOf('\n');
    String line = detail < 0 ? message : message.substring(0, detail);
    return line.replaceAll("\\(.*\\)=\\(.*\\)", "(...)");
  }
}
