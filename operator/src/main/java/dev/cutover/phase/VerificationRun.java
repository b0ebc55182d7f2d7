package dev.cutover.phase;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.TableVerification;
import dev.cutover.api.VerificationPurpose;
import dev.cutover.api.VerificationStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The latest verification attempt as the reconciler observed it.
 *
 * @param request what the engine asked for when it started this attempt (its phase and read percentage)
 * @param job the Job's name, for messages (may be null)
 * @param state Running; Succeeded when the Job finished and reported a result, passed or not (a
 *     worker exiting 1 for mismatches is Succeeded with passed false); Failed when the Job itself failed
 * @param createdAt when the Job was created, with the operator's clock ({@link Observation#now()})
 * @param finishedAt when it finished (null while running); maxAge counts from here
 * @param passed mismatches were at most spec.verification.maxMismatches (meaningful when Succeeded)
 * @param mismatchesByTable mismatching rows per table, in spec order (tables with none may be left out)
 * @param failureReason why the Job failed (null unless Failed)
 * @param repairedByTable a repair run only: the rows it rewrote from the primary, per table (its
 *     mismatches are those left after the rewrite, usually none)
 */
public record VerificationRun(
    VerificationRequest request,
    String job,
    RunState state,
    Instant createdAt,
    Instant finishedAt,
    boolean passed,
    Map<String, Long> mismatchesByTable,
    String failureReason,
    Map<String, Long> repairedByTable) {

  public VerificationRun {
    mismatchesByTable = mismatchesByTable == null ? Map.of() : new LinkedHashMap<>(mismatchesByTable);
    repairedByTable = repairedByTable == null ? Map.of() : new LinkedHashMap<>(repairedByTable);
  }

  /** A run that rewrote nothing. */
  public VerificationRun(VerificationRequest request, String job, RunState state, Instant createdAt,
      Instant finishedAt, boolean passed, Map<String, Long> mismatchesByTable, String failureReason) {
    this(request, job, state, createdAt, finishedAt, passed, mismatchesByTable, failureReason, Map.of());
  }

  /** The run status.verification records; empty when it records none. */
  public static Optional<VerificationRun> fromStatus(VerificationStatus status) {
    if (status == null || status.state == null) {
      return Optional.empty();
    }
    Map<String, Long> mismatches = new LinkedHashMap<>();
    Map<String, Long> repaired = new LinkedHashMap<>();
    if (status.tables != null) {
      for (TableVerification table : status.tables) {
        mismatches.put(table.name, table.mismatches);
        repaired.put(table.name, table.repaired);
      }
    }
    VerificationRequest request = new VerificationRequest(
        status.attempt,
        status.runAttempt == null ? 1 : status.runAttempt,
        status.generation == null ? 0 : status.generation,
        status.purpose == null ? VerificationPurpose.Check : status.purpose,
        status.phase == null ? Phase.OLD : status.phase,
        status.readPercent == null ? 0 : status.readPercent);
    return Optional.of(new VerificationRun(
        request, status.job, status.state, Timestamps.parse(status.startedAt),
        Timestamps.parse(status.finishedAt), Boolean.TRUE.equals(status.passed), mismatches,
        status.state == RunState.Failed ? status.message : null, repaired));
  }

  long totalMismatches() {
    return mismatchesByTable.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Like {@code teas: 10 rows, kinds: 2 rows}, only tables that differ. */
  String mismatchSummary() {
    String tables = summary(mismatchesByTable);
    return tables.isEmpty() ? totalMismatches() + " rows (no per-table counts reported)" : tables;
  }

  /** A repair run: like {@code 3 rows (teas: 2 rows, kinds: 1 row)}, the rows it rewrote. */
  String repairSummary() {
    long total = repairedByTable.values().stream().mapToLong(Long::longValue).sum();
    String tables = summary(repairedByTable);
    return total + (total == 1 ? " row" : " rows") + (tables.isEmpty() ? "" : " (" + tables + ")");
  }

  private static String summary(Map<String, Long> rowsByTable) {
    return rowsByTable.entrySet().stream()
        .filter(entry -> entry.getValue() > 0)
        .map(entry -> entry.getKey() + ": " + entry.getValue() + (entry.getValue() == 1 ? " row" : " rows"))
        .collect(Collectors.joining(", "));
  }

  String name() {
    String kind = switch (request.purpose()) {
      case Check -> "verification";
      case Repair -> "repair verification";
      case Recheck -> "re-verification after repair";
    };
    return kind + " attempt " + request.attempt() + (job == null ? "" : " (Job " + job + ")");
  }
}
