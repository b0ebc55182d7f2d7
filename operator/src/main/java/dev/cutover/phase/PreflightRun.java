package dev.cutover.phase;

import dev.cutover.api.PreflightProblem;
import dev.cutover.api.PreflightStatus;
import dev.cutover.api.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The latest preflight attempt as the reconciler observed it.
 *
 * @param request what the engine asked for
 * @param job the Job's name, for messages (may be null)
 * @param state Running; Succeeded when the checks ran (passed or refused); Failed when the Job could
 *     not finish them (a store unreachable after retries, a pod that could not run)
 * @param createdAt when the Job was created, with the operator's clock
 * @param finishedAt when it finished (null while running)
 * @param passed nothing stops the migration (meaningful when Succeeded)
 * @param problems the first problems of a refusal, each naming its table and column
 * @param problemCount how many problems the worker reported
 * @param detail the Job's one-line outcome (why it failed, or a note such as "and 12 more")
 */
public record PreflightRun(
    PreflightRequest request,
    String job,
    RunState state,
    Instant createdAt,
    Instant finishedAt,
    boolean passed,
    List<PreflightProblem> problems,
    int problemCount,
    String detail) {

  public PreflightRun {
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** The run status.preflight records; empty when it records none. */
  public static Optional<PreflightRun> fromStatus(PreflightStatus status) {
    if (status == null || status.state == null) {
      return Optional.empty();
    }
    PreflightRequest request = new PreflightRequest(status.attempt,
        status.runAttempt == null ? 1 : status.runAttempt, status.generation == null ? 0 : status.generation);
    List<PreflightProblem> problems = status.problems == null ? List.of() : status.problems;
    return Optional.of(new PreflightRun(request, status.job, status.state, Timestamps.parse(status.startedAt),
        Timestamps.parse(status.finishedAt), Boolean.TRUE.equals(status.passed), problems,
        status.problemCount == null ? problems.size() : status.problemCount, status.message));
  }

  /** Like {@code teas.price: numeric(12,2) on the source cannot be written into integer ...; and 3 more}. */
  String problemSummary() {
    if (problems.isEmpty()) {
      return detail == null ? "no problem was reported; read the Job's log" : detail;
    }
    String listed = problems.stream().map(PreflightProblem::describe).collect(Collectors.joining("; "));
    int more = problemCount - problems.size();
    return listed + (more > 0 ? "; and " + more + " more (kubectl logs job/" + job + " lists them all)" : "");
  }

  String name() {
    return "preflight attempt " + request.attempt() + (job == null ? "" : " (Job " + job + ")");
  }
}
