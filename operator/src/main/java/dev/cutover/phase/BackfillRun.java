package dev.cutover.phase;

import dev.cutover.api.BackfillStatus;
import dev.cutover.api.RunState;
import dev.cutover.api.TableRows;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest backfill attempt as the reconciler observed it.
 *
 * @param request what the engine asked for when it started this attempt
 * @param job the Job's name, for messages (may be null)
 * @param state Running, Succeeded or Failed (the Job failed)
 * @param createdAt when the attempt's Job was created; record it with the operator's clock
 *     ({@link Observation#now()} when creating the Job) so it compares with {@link Progress#phaseSince()}
 * @param finishedAt when it succeeded or failed (null while running)
 * @param failureReason why it failed, from the Job and its pods' results (null unless Failed)
 * @param rowsByTable rows copied per table, in spec order
 */
public record BackfillRun(
    BackfillRequest request,
    String job,
    RunState state,
    Instant createdAt,
    Instant finishedAt,
    String failureReason,
    Map<String, Long> rowsByTable) {

  public BackfillRun {
    rowsByTable = rowsByTable == null ? Map.of() : new LinkedHashMap<>(rowsByTable);
  }

  /** The run status.backfill records; empty when it records none. */
  public static Optional<BackfillRun> fromStatus(BackfillStatus status) {
    if (status == null || status.state == null) {
      return Optional.empty();
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    if (status.tables != null) {
      for (TableRows table : status.tables) {
        rows.put(table.name, table.rows);
      }
    }
    BackfillRequest request = new BackfillRequest(
        status.attempt,
        status.runAttempt == null ? 1 : status.runAttempt,
        status.generation == null ? 0 : status.generation);
    return Optional.of(new BackfillRun(
        request, status.job, status.state, Timestamps.parse(status.startedAt),
        Timestamps.parse(status.finishedAt), status.failureReason, rows));
  }

  long totalRows() {
    return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
  }

  String name() {
    return "backfill attempt " + request.attempt() + (job == null ? "" : " (Job " + job + ")");
  }
}
