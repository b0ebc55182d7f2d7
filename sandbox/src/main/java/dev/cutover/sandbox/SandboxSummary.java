package dev.cutover.sandbox;

import dev.cutover.api.Phase;
import dev.cutover.api.WorkerResult;
import java.io.PrintStream;
import java.util.Map;

/** The closing report of a sandbox run: rows, writes and reads per phase, verification, ledger. */
final class SandboxSummary {
  private final PrintStream out;

  SandboxSummary(PrintStream out) {
    this.out = out;
  }

  void rows(Map<String, Long> source, Map<String, Long> target, Phase reached) {
    out.println();
    out.printf("%-22s %10s %10s%n", "rows per table", "source", "target");
    source.forEach((table, rows) -> out.printf("  %-20s %10d %10d%s%n", table, rows, target.getOrDefault(table, 0L),
        rows.equals(target.get(table)) ? "" : "   (differs)"));
    if (reached == Phase.NEW) {
      out.println("  (in new only the target is written: it is ahead of the source by the writes made in new)");
    }
  }

  void writes(WriteLedger ledger, ReadCounts reads) {
    out.println();
    out.printf("%-22s", "writes per phase");
    for (Phase phase : Phase.values()) {
      out.printf(" %15s", phase.value());
    }
    out.println();
    for (WriteKind kind : WriteKind.values()) {
      row("  " + kind.name().toLowerCase() + " (acknowledged)", phase -> ledger.counts(phase).acknowledged(kind));
    }
    row("  not acknowledged", phase -> ledger.counts(phase).notAcknowledged());
    row("  refused by primary", phase -> ledger.counts(phase).failed());
    row("  reads from source", phase -> reads.served(phase, Side.SOURCE));
    row("  reads from target", phase -> reads.served(phase, Side.TARGET));
  }

  private void row(String label, java.util.function.ToLongFunction<Phase> value) {
    out.printf("%-22s", label);
    for (Phase phase : Phase.values()) {
      out.printf(" %15d", value.applyAsLong(phase));
    }
    out.println();
  }

  void mirrorFailures(Map<String, Long> failures) {
    if (failures.isEmpty()) {
      return;
    }
    out.println("  writes not acknowledged because the mirrored write failed (the primary kept them;"
        + " backfill or repair brings them over):");
    failures.forEach((reason, count) -> out.printf("    %5d  %s%n", count, reason));
  }

  void verification(String when, FinalVerification.Outcome outcome) {
    out.println();
    out.println("final verification (" + when + "): "
        + (outcome.parity() ? "parity" : "NO PARITY (verify exited " + outcome.exitCode() + ")"));
    WorkerResult result = outcome.result();
    if (result == null) {
      out.println("  verify left no result; its output:");
      outcome.output().lines().limit(20).forEach(line -> out.println("    " + line));
      return;
    }
    if (result.error != null) {
      out.println("  " + result.error);
    }
    out.printf("  %-20s %10s %10s %8s %8s %8s  %s%n", "table", "source", "target", "missing", "extra", "differ", "sample keys");
    for (WorkerResult.Table table : result.tables) {
      out.printf("  %-20s %10s %10s %8s %8s %8s  %s%n", table.name, orBlank(table.sourceRows), orBlank(table.targetRows),
          orBlank(table.missingInTarget), orBlank(table.missingInSource), orBlank(table.different),
          table.sampleKeys == null || table.sampleKeys.isEmpty() ? "" : String.join(" ", table.sampleKeys));
    }
  }

  private static String orBlank(Long value) {
    return value == null ? "" : value.toString();
  }

  void ledger(LedgerCheck.Result result) {
    out.println();
    out.println("write ledger against the " + result.side().label() + ": " + result.checked() + " rows checked, "
        + result.skipped() + " left to verification (no acknowledged write, or its outcome unknown), "
        + (result.passed() ? "every acknowledged write is there" : result.problems().size() + " DIFFER"));
    result.problems().stream().limit(20).forEach(problem -> out.println("  " + problem));
    if (result.problems().size() > 20) {
      out.println("  ... and " + (result.problems().size() - 20) + " more");
    }
  }
}
