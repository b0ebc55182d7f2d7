package dev.cutover.jobs;

import dev.cutover.api.PreflightProblem;
import dev.cutover.api.PreflightStatus;
import dev.cutover.api.RunState;
import dev.cutover.api.WorkerResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome rules and result fields of the two single-pod runs that write no rows: a preflight
 * (exit 0 passed, exit 2 refused with its problems, anything else failed to run) and a sequences
 * move (exit 0 moved; a failure is an ordinary failed Job).
 */
final class PreflightAndSequencesOutcome {
  private PreflightAndSequencesOutcome() {}

  /** A refusal is a finished check that did not pass, not a failure to retry. */
  static JobOutcome refused(JobFacts f) {
    List<PreflightProblem> problems = problems(f.reports());
    String listed = problems.stream().map(PreflightProblem::describe).collect(Collectors.joining("; "));
    String note = errors(f.reports());
    String message = "Job " + f.name() + " refused the migration"
        + (problems.isEmpty() ? "" : ": " + problemCount(f.reports()) + " problems: " + listed)
        + (note.isEmpty() ? "" : " (" + note + ")");
    return new JobOutcome(f, RunState.Succeeded, "PreflightRefused", message, false, false);
  }

  static JobOutcome passed(JobFacts f) {
    return new JobOutcome(f, RunState.Succeeded, null,
        "Job " + f.name() + ": the preflight found nothing that stops the migration", true, true);
  }

  static JobOutcome moved(JobFacts f) {
    String to = sequencesTo(f.reports());
    return new JobOutcome(f, RunState.Succeeded, null, "Job " + f.name() + " moved " + sequencesMoved(f.reports())
        + " sequences" + (to == null ? "" : " on the " + to), true, null);
  }

  /** The first problems the pods reported, at most {@link PreflightStatus#MAX_PROBLEMS}, each bounded. */
  static List<PreflightProblem> problems(List<PodReport> reports) {
    List<PreflightProblem> problems = new ArrayList<>();
    for (WorkerResult result : results(reports)) {
      if (result.problems == null) {
        continue;
      }
      for (WorkerResult.Problem problem : result.problems) {
        if (problems.size() < PreflightStatus.MAX_PROBLEMS) {
          problems.add(new PreflightProblem(bounded(problem.table), bounded(problem.column),
              StatusText.bounded(problem.message, StatusText.MAX_DETAIL)));
        }
      }
    }
    return problems;
  }

  static int problemCount(List<PodReport> reports) {
    return results(reports).stream().mapToInt(r -> r.problems == null ? 0 : r.problems.size()).sum();
  }

  static int sequencesMoved(List<PodReport> reports) {
    return results(reports).stream().mapToInt(r -> r.sequences == null ? 0 : r.sequences.size()).sum();
  }

  static String sequencesTo(List<PodReport> reports) {
    return results(reports).stream().map(r -> r.sequencesTo).filter(Objects::nonNull).findFirst().orElse(null);
  }

  /** The pods' error notes (a result too long for 4 KiB says here how many problems it left out). */
  static String errors(List<PodReport> reports) {
    return results(reports).stream().map(r -> r.error).filter(e -> e != null && !e.isBlank())
        .map(e -> StatusText.bounded(e, StatusText.MAX_DETAIL)).distinct().collect(Collectors.joining("; "));
  }

  private static List<WorkerResult> results(List<PodReport> reports) {
    return reports.stream().map(PodReport::result).filter(Objects::nonNull).toList();
  }

  private static String bounded(String value) {
    return value == null ? null : StatusText.bounded(value, StatusText.MAX_DETAIL);
  }
}
