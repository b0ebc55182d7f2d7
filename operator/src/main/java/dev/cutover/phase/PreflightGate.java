package dev.cutover.phase;

import dev.cutover.api.Step;
import java.util.List;
import java.util.Optional;

/**
 * The gate of old to shadow: before the shadow flags are first written, a preflight Job must have
 * passed for the current spec generation. It checks, writing nothing, that every table and column
 * exists with types the target can hold, the keys, the sequences and the privileges; a mismatch
 * found here costs nothing, one found after rows moved costs a cleanup. In old nothing but the spec
 * moves the generation, so fixing the spec (or the databases, then touching the spec) reruns it. A
 * refusal blocks in old until the generation changes; a Job that could not finish the checks (a
 * store unreachable) is retried like every Job, up to spec.backfill.maxAttempts. Only this move
 * runs it: a Migration adopted past old never does.
 */
final class PreflightGate {
  private PreflightGate() {}

  /** Empty when a preflight passed for this generation; otherwise what to do. */
  static Optional<Outcome> check(Situation s) {
    Optional<PreflightRun> latest = s.preflight();
    if (latest.isEmpty()) {
      return Optional.of(start(s, 1, "PreflightStarted",
          "Started a preflight before the shadow flags are written: it checks every table, column, type, key,"
              + " sequence and privilege on both sides and writes nothing."));
    }
    PreflightRun run = latest.get();
    if (run.request().generation() != s.generation()) {
      return Optional.of(start(s, 1, "PreflightStarted",
          "The spec changed (generation " + s.generation() + ") since the last " + run.name()
              + "; started a preflight for it before the shadow flags are written."));
    }
    return switch (run.state()) {
      case Running -> Optional.of(s.hold(Step.Preflight, "PreflightRunning",
          "The " + run.name() + " is checking the tables, columns, types, keys, sequences and privileges;"
              + " the shadow flags are written when it passes.", Situation.JOB_POLL));
      case Succeeded -> run.passed() ? Optional.empty() : Optional.of(refused(s, run));
      case Failed -> Optional.of(failed(s, run));
    };
  }

  private static Outcome refused(Situation s, PreflightRun run) {
    return s.hold(Step.Blocked, "PreflightFailed",
        "The " + run.name() + " refused the migration, so nothing was written and the flags stay in old: "
            + run.problemSummary() + ". Fix the target schema, the spec or the grants, then edit the Migration's"
            + " spec (any change to metadata.generation) to check again.",
        null);
  }

  private static Outcome failed(Situation s, PreflightRun run) {
    int tries = run.request().runAttempt();
    int max = s.policy().maxAttempts();
    String why = run.detail() == null ? "no reason reported" : run.detail();
    if (tries < max) {
      String message = "The " + run.name() + " could not finish its checks (try " + tries + " of " + max + "): "
          + why + ". Started try " + (tries + 1) + " as a new Job.";
      return start(s, tries + 1, "PreflightRetrying", message)
          .withActions(List.of(new Action.RecordEvent(Action.EventType.Warning, "PreflightAttemptFailed", message)));
    }
    return s.hold(Step.Failed, "PreflightJobFailed",
        "The preflight could not finish its checks " + tries + " times, the most spec.backfill.maxAttempts allows;"
            + " last, " + run.name() + ": " + why + ". Nothing was written and the flags stay in old. Make both"
            + " databases reachable from the Job's pod (kubectl logs job/" + run.job() + "), then edit the"
            + " Migration's spec (any change to metadata.generation) to check again.",
        null);
  }

  private static Outcome start(Situation s, int runAttempt, String reason, String message) {
    PreflightRequest request = new PreflightRequest(s.nextPreflightAttempt(), runAttempt, s.generation());
    return Outcome.act(s.progress(), Step.Preflight, reason, message, List.of(new Action.StartPreflight(request)));
  }
}
