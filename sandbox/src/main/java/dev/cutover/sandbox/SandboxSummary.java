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
    out.printf("%-28s", "writes per phase");
    for (Phase phase : Phase.values()) {
      out.printf(" %15s", phase.value());
    }
    out.println();
    for (WriteKind kind : WriteKind.values()) {
      row("  " + kind.name().toLowerCase() + " (acknowledged)", phase -> ledger.counts(phase).acknowledged(kind));
    }
    row("  id from the sequence", phase -> ledger.counts(phase).generatedKeyInserts());
    for (WriteKind kind : WriteKind.values()) {
      row("  " + kind.name().toLowerCase() + " while backfilling", phase -> ledger.counts(phase).duringBackfill(kind));
    }
    row("  refused by primary", phase -> ledger.counts(phase).refused());
    row("  mirrored", phase -> ledger.counts(phase).mirrored());
    row("  mirror changed none", phase -> ledger.counts(phase).mirrorChangedNothing());
    row("  mirror failed", phase -> ledger.counts(phase).mirrorFailed());
    row("  reads from source", phase -> reads.served(phase, Side.SOURCE));
    row("  reads from target", phase -> reads.served(phase, Side.TARGET));
  }

  private void row(String label, java.util.function.ToLongFunction<Phase> value) {
    out.printf("%-28s", label);
    for (Phase phase : Phase.values()) {
      out.printf(" %15d", value.applyAsLong(phase));
    }
    out.println();
  }

  /** Counts by "phase table: reason" under a heading, nothing when there are none. */
  void misses(String heading, Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return;
    }
    out.println("  " + heading + ":");
    counts.forEach((reason, count) -> out.printf("    %5d  %s%n", count, reason));
  }

  /** The proof that the sequences followed the primary: inserts without an id once the target was primary. */
  void generatedKeys(WriteLedger ledger) {
    out.println();
    out.println("inserts without an id on the target as primary (reverse-shadow and new): "
        + ledger.generatedKeyInsertsOnTarget() + " got a fresh id, " + ledger.generatedKeyDuplicatesOnTarget()
        + " refused with a duplicate key");
  }

  void repairs(RepairEvidence repairs) {
    if (!repairs.repaired()) {
      out.println("repairs: none (no verification ran with --repair)");
      return;
    }
    out.println("repairs: a verification needed a repair, which fails the walk:");
    repairs.found().forEach(line -> out.println("  " + line));
  }

  /** The operator's last verification as status.verification holds it: what to look at when the walk stopped. */
  void operatorVerification(dev.cutover.api.Migration migration) {
    var verification = migration == null || migration.getStatus() == null ? null : migration.getStatus().verification;
    if (verification == null || verification.job == null) {
      return;
    }
    out.println();
    out.println("the operator's last verification (Job " + verification.job + ", " + verification.purpose + " in "
        + verification.phase + "): " + (Boolean.TRUE.equals(verification.passed) ? "passed" : verification.mismatches
        + " mismatching rows"));
    out.printf("  %-20s %10s %10s %8s %8s %8s  %s%n", "table", "source", "target", "missing", "extra", "differ", "sample keys");
    for (var table : verification.tables) {
      out.printf("  %-20s %10d %10d %8d %8d %8d  %s%n", table.name, table.sourceRows, table.targetRows,
          table.missingInTarget, table.missingInSource, table.different, String.join(" ", table.sampleKeys));
    }
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
