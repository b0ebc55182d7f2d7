package dev.cutover.phase;

import dev.cutover.api.MigrationSpec;
import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import dev.cutover.api.PreflightProblem;
import dev.cutover.api.RunState;
import dev.cutover.api.SequenceSide;
import dev.cutover.api.VerificationPurpose;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One situation for the engine, built fluently: the flags are in {@code phase} since {@link #T0},
 * the ConfigMap matches them and the rollout is done unless said otherwise. Spec defaults: ramp
 * [10, 50, 100] every 10m, bake 1h, maxAge 24h, maxAttempts 3, repair off.
 */
final class Given {
  static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
  static final String CONFIG_MAP = "server-flags";

  final MigrationSpec spec = spec(Phase.NEW);
  Phase phase;
  int reads;
  Instant phaseSince = T0;
  Instant rampStepSince;
  Instant now = T0.plus(Duration.ofMinutes(1));
  long generation = 1;
  boolean rollout = true;
  Optional<FlagSet> configMap;
  boolean inSync = true;
  BackfillRun backfill;
  VerificationRun verification;
  PreflightRun preflight;
  SequencesRun sequences;
  List<MissingObject> missing = new ArrayList<>();

  static MigrationSpec spec(Phase desired) {
    MigrationSpec spec = new MigrationSpec();
    spec.phase = desired;
    spec.flags.configMap = CONFIG_MAP;
    spec.bake = "1h";
    spec.readRamp.interval = "10m";
    spec.backfill.maxAttempts = 3;
    return spec;
  }

  static Given in(Phase phase) {
    Given given = new Given();
    given.phase = phase;
    given.reads = FlagSet.entryReadPercent(phase);
    return given;
  }

  /** In shadow with backfill done (T0+1m..T0+30m) and a passing check (T0+31m..T0+40m). */
  static Given shadowVerified() {
    return in(Phase.SHADOW).backfillSucceeded().verified(Phase.SHADOW, 0, T0.plus(min(31)), T0.plus(min(40)))
        .at(T0.plus(min(41)));
  }

  static Duration min(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  Given desired(Phase desired) {
    spec.phase = desired;
    return this;
  }

  Given at(Instant time) {
    now = time;
    return this;
  }

  Given after(Duration sinceT0) {
    return at(T0.plus(sinceT0));
  }

  Given readsAt(int percent, Instant since) {
    reads = percent;
    rampStepSince = since;
    return this;
  }

  Given rolloutPending() {
    rollout = false;
    return this;
  }

  Given configMapShows(FlagSet flags) {
    configMap = Optional.ofNullable(flags);
    return this;
  }

  Given ownedKeysOutOfSync() {
    inSync = false;
    return this;
  }

  Given paused() {
    spec.paused = true;
    return this;
  }

  Given repair() {
    spec.verification.repair = true;
    return this;
  }

  Given verifyEachStep() {
    spec.readRamp.verifyEachStep = true;
    return this;
  }

  Given generation(long value) {
    generation = value;
    return this;
  }

  Given missing(String kind, String name, String field) {
    missing.add(new MissingObject(kind, name, field));
    return this;
  }

  Given backfillSucceeded() {
    return backfill(RunState.Succeeded, 1, 1, T0.plus(min(1)), T0.plus(min(30)), null);
  }

  Given backfill(RunState state, int attempt, int runAttempt, Instant created, Instant finished, String reason) {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("teas", 120_000L);
    rows.put("kinds", 40L);
    backfill = new BackfillRun(new BackfillRequest(attempt, runAttempt, 1), "flags-backfill-" + attempt, state,
        created, finished, reason, rows);
    return this;
  }

  Given backfillGeneration(long value) {
    BackfillRequest r = backfill.request();
    backfill = new BackfillRun(new BackfillRequest(r.attempt(), r.runAttempt(), value), backfill.job(),
        backfill.state(), backfill.createdAt(), backfill.finishedAt(), backfill.failureReason(), backfill.rowsByTable());
    return this;
  }

  Given verified(Phase runPhase, int runReads, Instant created, Instant finished) {
    return verification(VerificationPurpose.Check, runPhase, runReads, RunState.Succeeded, created, finished, Map.of());
  }

  Given verification(VerificationPurpose purpose, Phase runPhase, int runReads, RunState state, Instant created,
      Instant finished, Map<String, Long> mismatches) {
    return verification(purpose, 1, 1, runPhase, runReads, state, created, finished, mismatches);
  }

  Given verification(VerificationPurpose purpose, int attempt, int runAttempt, Phase runPhase, int runReads,
      RunState state, Instant created, Instant finished, Map<String, Long> mismatches) {
    long total = mismatches.values().stream().mapToLong(Long::longValue).sum();
    boolean passed = state == RunState.Succeeded && total <= spec.verification.maxMismatches;
    verification = new VerificationRun(
        new VerificationRequest(attempt, runAttempt, 1, purpose, runPhase, runReads), "flags-verify-" + attempt,
        state, created, finished, passed, mismatches, state == RunState.Failed ? "exit code 3: target unreachable" : null);
    return this;
  }

  /** The latest verification, a repair run, rewrote these rows from the primary. */
  Given repaired(Map<String, Long> rowsByTable) {
    VerificationRun v = verification;
    verification = new VerificationRun(v.request(), v.job(), v.state(), v.createdAt(), v.finishedAt(), v.passed(),
        v.mismatchesByTable(), v.failureReason(), rowsByTable);
    return this;
  }

  Given verificationGeneration(long value) {
    VerificationRequest r = verification.request();
    verification = new VerificationRun(
        new VerificationRequest(r.attempt(), r.runAttempt(), value, r.purpose(), r.phase(), r.readPercent()),
        verification.job(), verification.state(), verification.createdAt(), verification.finishedAt(),
        verification.passed(), verification.mismatchesByTable(), verification.failureReason());
    return this;
  }

  /** A preflight of {@code forGeneration} in {@code state}; refused (passed false) when {@code problems} are given. */
  Given preflight(RunState state, int attempt, int runAttempt, long forGeneration, PreflightProblem... problems) {
    boolean passed = state == RunState.Succeeded && problems.length == 0;
    preflight = new PreflightRun(new PreflightRequest(attempt, runAttempt, forGeneration), "flags-preflight-" + attempt,
        state, now.minus(min(2)), state == RunState.Running ? null : now.minus(min(1)), passed, List.of(problems),
        problems.length, state == RunState.Failed ? "StoreFailed: the target did not answer after 5 attempts" : null);
    return this;
  }

  Given preflightPassed() {
    return preflight(RunState.Succeeded, 1, 1, generation);
  }

  Given sequences(SequenceSide to, RunState state, int attempt, int runAttempt, Instant created, Instant finished) {
    // Asked for in the stay that began at phaseSince when created after it, else in an earlier one.
    Instant stay = created != null && !created.isBefore(phaseSince) ? phaseSince : created;
    sequences = new SequencesRun(new SequencesRequest(attempt, runAttempt, 1, to, stay), "flags-sequences-" + attempt, state,
        created, finished, state == RunState.Succeeded ? 4 : 0,
        state == RunState.Failed ? "InvalidConfiguration: the target has no sequence feeding teas.id" : null);
    return this;
  }

  Given sequencesGeneration(long value) {
    SequencesRequest r = sequences.request();
    sequences = new SequencesRun(new SequencesRequest(r.attempt(), r.runAttempt(), value, r.to(), r.phaseSince()), sequences.job(),
        sequences.state(), sequences.createdAt(), sequences.finishedAt(), sequences.sequences(), sequences.failureReason());
    return this;
  }

  Progress progress() {
    return new Progress(phase, reads, rampStepSince, phaseSince);
  }

  MigrationStatus status() {
    MigrationStatus status = new MigrationStatus();
    if (phase != null) {
      status.phase = phase;
      status.readPercent = reads;
      status.phaseSince = Timestamps.format(phaseSince);
      status.rampStepSince = Timestamps.format(rampStepSince);
    }
    return status;
  }

  Observation observation() {
    Optional<FlagSet> shown = configMap != null ? configMap : Optional.ofNullable(phase).map(p -> progress().flags());
    return Observation.at(now, generation)
        .withConfigMap(shown, inSync && phase != null && shown.equals(Optional.of(progress().flags())))
        .withRolloutComplete(rollout)
        .withBackfill(backfill)
        .withVerification(verification)
        .withMissing(missing)
        .withPreflight(preflight)
        .withSequences(sequences);
  }

  Decision decide() {
    return new PhaseEngine().decide(spec, status(), observation());
  }
}
