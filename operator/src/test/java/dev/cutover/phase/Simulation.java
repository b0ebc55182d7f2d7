package dev.cutover.phase;

import dev.cutover.api.MigrationSpec;
import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny stand-in for the cluster: it performs the engine's actions the way the reconciler will
 * (flags written, Jobs started, status written) and lets a test finish Jobs, finish rollouts and
 * move the clock. Every decision and every flag write is kept for assertions.
 */
final class Simulation {
  final PhaseEngine engine = new PhaseEngine();
  final MigrationSpec spec;
  final MigrationStatus status = new MigrationStatus();
  final boolean restartWorkloads;
  Instant now = Given.T0;
  long generation = 1;
  FlagSet configMap;
  boolean rolloutComplete = true;
  BackfillRun backfill;
  VerificationRun verification;
  PreflightRun preflight;
  SequencesRun sequences;
  final List<FlagSet> flagWrites = new ArrayList<>();
  final List<Decision> decisions = new ArrayList<>();
  final List<String> log = new ArrayList<>();

  Simulation(MigrationSpec spec, boolean restartWorkloads) {
    this.spec = spec;
    this.restartWorkloads = restartWorkloads;
  }

  Observation observation() {
    Optional<FlagSet> expected = Progress.fromStatus(status).map(Progress::flags);
    return Observation.at(now, generation)
        .withConfigMap(Optional.ofNullable(configMap), expected.isPresent() && expected.get().equals(configMap))
        .withRolloutComplete(rolloutComplete)
        .withBackfill(backfill)
        .withVerification(verification)
        .withPreflight(preflight)
        .withSequences(sequences);
  }

  /** Decide once and perform the decision, as the reconciler would. */
  Decision step() {
    Decision decision = engine.decide(spec, status, observation());
    for (Action action : decision.actions()) {
      perform(action);
    }
    decision.writeTo(status);
    decisions.add(decision);
    log.add(decision.step() + "/" + decision.reason() + " " + Describe.work(decision));
    return decision;
  }

  private void perform(Action action) {
    if (action instanceof Action.ApplyFlags apply) {
      configMap = apply.flags();
      flagWrites.add(apply.flags());
      rolloutComplete = !restartWorkloads;
    } else if (action instanceof Action.StartBackfill start) {
      backfill = new BackfillRun(start.request(), "backfill-" + start.request().attempt(), RunState.Running, now,
          null, null, Map.of());
    } else if (action instanceof Action.StartPreflight start) {
      preflight = new PreflightRun(start.request(), "preflight-" + start.request().attempt(), RunState.Running, now,
          null, false, List.of(), 0, null);
    } else if (action instanceof Action.StartSequences start) {
      sequences = new SequencesRun(start.request(), "sequences-" + start.request().attempt(), RunState.Running, now,
          null, 0, null);
    } else if (action instanceof Action.StartVerification start) {
      verification = new VerificationRun(start.request(), "verify-" + start.request().attempt(), RunState.Running,
          now, null, false, Map.of(), null);
    }
  }

  /** Step until the step stops changing anything (no actions), at most {@code limit} times. */
  Decision settle(int limit) {
    Decision last = step();
    for (int i = 0; i < limit && !last.actions().stream().allMatch(a -> a instanceof Action.RecordEvent); i++) {
      last = step();
    }
    return last;
  }

  void advance(Duration duration) {
    now = now.plus(duration);
  }

  void finishRollout() {
    rolloutComplete = true;
  }

  void finishBackfill(boolean ok, String reason) {
    advance(Duration.ofMinutes(5));
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("teas", 1000L);
    backfill = new BackfillRun(backfill.request(), backfill.job(), ok ? RunState.Succeeded : RunState.Failed,
        backfill.createdAt(), now, ok ? null : reason, rows);
  }

  void finishVerification(long mismatches) {
    advance(Duration.ofMinutes(5));
    Map<String, Long> tables = new LinkedHashMap<>();
    tables.put("teas", mismatches);
    verification = new VerificationRun(verification.request(), verification.job(), RunState.Succeeded,
        verification.createdAt(), now, mismatches <= spec.verification.maxMismatches, tables, null);
  }

  void failVerificationJob(String reason) {
    advance(Duration.ofMinutes(1));
    verification = new VerificationRun(verification.request(), verification.job(), RunState.Failed,
        verification.createdAt(), now, false, Map.of(), reason);
  }

  /** The preflight Job ends: passed, refused with {@code problems}, or failed to run ({@code failure}). */
  void finishPreflight(String failure, dev.cutover.api.PreflightProblem... problems) {
    advance(Duration.ofSeconds(20));
    RunState state = failure == null ? RunState.Succeeded : RunState.Failed;
    preflight = new PreflightRun(preflight.request(), preflight.job(), state, preflight.createdAt(), now,
        failure == null && problems.length == 0, List.of(problems), problems.length, failure);
  }

  /** The sequences Job ends, as its completion triggers the next reconcile at once. */
  void finishSequences(boolean ok) {
    advance(Duration.ofSeconds(10));
    sequences = new SequencesRun(sequences.request(), sequences.job(), ok ? RunState.Succeeded : RunState.Failed,
        sequences.createdAt(), now, ok ? 3 : 0, ok ? null : "StoreFailed: the target did not answer");
  }

  void changeSpec(Phase desired) {
    spec.phase = desired;
    generation++;
  }

  Phase phase() {
    return status.phase;
  }
}
