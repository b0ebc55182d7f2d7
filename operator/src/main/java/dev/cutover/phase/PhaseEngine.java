package dev.cutover.phase;

import dev.cutover.api.MigrationSpec;
import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * The rules of docs/phases.md, as one pure function: {@link #decide} reads a spec, the status the
 * operator wrote last time and what the reconciler observed, and returns what to do. No
 * Kubernetes client, no JDBC, no clock, no I/O: the same inputs always give the same decision.
 *
 * <p>The rules, in the order they are tried:
 *
 * <ol>
 *   <li>An invalid spec, or a missing flags ConfigMap, holds everything (Blocked, Degraded).
 *   <li>No phase recorded yet: take over the phase the ConfigMap's flags express, or old.
 *   <li>spec.phase before the current phase: roll back ({@link Rollback}); out of new: refused.
 *   <li>The owned flag keys differ from what the engine wrote: put them back ({@link FlagDrift}).
 *   <li>In shadow with reads on the target, a verification of this phase found mismatches: reads
 *       back to 0 (even while paused).
 *   <li>The source is primary again after the target was: its sequences move first ({@link
 *       SequencesGate#owedToSource}), once the rollout finished, even while paused.
 *   <li>Forward ({@link Forward}): one phase at a time, each behind its gate; Complete when there.
 *       A run that failed for good makes the step Failed; missing objects hold forward moves
 *       (Blocked, Degraded); spec.paused holds them too (Blocked, reason Paused). Jobs already
 *       running are left to finish and are observed; only new Jobs and forward flag moves wait.
 * </ol>
 */
public final class PhaseEngine {
  private static final Set<Step> HELD = EnumSet.of(Step.Blocked, Step.Failed);

  public Decision decide(MigrationSpec spec, MigrationStatus status, Observation observation) {
    Instant now = Timestamps.seconds(observation.now());
    Optional<Progress> recorded = Progress.fromStatus(status);
    MigrationPolicy policy;
    try {
      policy = MigrationPolicy.of(spec);
    } catch (IllegalArgumentException e) {
      Outcome invalid = Outcome.hold(recorded.orElse(null), Step.Blocked, "InvalidSpec",
          "The spec cannot be used: " + e.getMessage() + ". Nothing moves until it is fixed.", null);
      return finish(null, null, observation, invalid, status, now);
    }
    if (flagsConfigMapMissing(policy, observation)) {
      Outcome missing = Outcome.hold(recorded.orElse(null), Step.Blocked, "MissingObject",
          Conditions.missingMessage(observation), Situation.MISSING_RETRY);
      Situation s = recorded.map(p -> new Situation(policy, observation, p, now)).orElse(null);
      return finish(s, policy, observation, missing, status, now);
    }
    Situation s = recorded.map(p -> new Situation(policy, observation, p, now))
        .orElseGet(() -> new Situation(policy, observation, Progress.entered(spec.phase, now), now));
    Outcome outcome = recorded.isEmpty() ? FlagDrift.adopt(s) : decide(s);
    Situation after = new Situation(policy, observation, outcome.progress(), now);
    return finish(after, policy, observation, outcome, status, now);
  }

  private static Outcome decide(Situation s) {
    if (s.progress().phaseSince() == null) {
      return s.enter(s.phase(), "FlagsReasserted",
          "status.phaseSince was missing; wrote the flags of " + s.phase() + " again and start its gates from here.");
    }
    Optional<Outcome> backward = Rollback.ifBackward(s);
    if (backward.isPresent() && backward.get().writesFlags()) {
      return backward.get();
    }
    Optional<Outcome> drift = FlagDrift.check(s);
    if (drift.isPresent()) {
      return drift.get();
    }
    if (backward.isPresent()) {
      return backward.get();
    }
    Optional<Outcome> dropped = ReadSafety.dropReadsAfterMismatch(s);
    if (dropped.isPresent()) {
      return dropped.get();
    }
    // Part of the rollback, so it runs while paused too; but only once no replica writes to the
    // target any more, and not while a referenced object (a DSN Secret) is missing.
    if (s.observation().rolloutComplete() && s.observation().missing().isEmpty()) {
      Optional<Outcome> owed = SequencesGate.owedToSource(s);
      if (owed.isPresent()) {
        return owed.get();
      }
    }
    return holdForward(s, Forward.step(s));
  }

  /** Failed stands; otherwise missing objects, then pause, hold any step short of Complete. */
  private static Outcome holdForward(Situation s, Outcome forward) {
    if (forward.step() == Step.Failed || forward.step() == Step.Complete) {
      return forward;
    }
    if (!s.observation().missing().isEmpty()) {
      return s.hold(Step.Blocked, "MissingObject", Conditions.missingMessage(s.observation()), Situation.MISSING_RETRY);
    }
    if (s.policy().paused()) {
      String next = forward.actions().isEmpty()
          ? " Meanwhile: " + forward.message()
          : " When resumed, the next step is to " + nextMove(forward) + ".";
      return s.hold(Step.Blocked, "Paused",
          "spec.paused is true: no Job starts and no flag moves forward; running Jobs finish and rollback still"
              + " works. Set spec.paused: false to carry on." + next,
          null);
    }
    return forward;
  }

  private static String nextMove(Outcome forward) {
    Action first = forward.actions().get(0);
    if (first instanceof Action.ApplyFlags apply) {
      return "write the flags of " + apply.phase() + " (" + apply.flags().describe() + ")";
    }
    if (first instanceof Action.StartBackfill) {
      return "start a backfill (" + forward.reason() + ")";
    }
    if (first instanceof Action.StartPreflight) {
      return "start a preflight (" + forward.reason() + ")";
    }
    if (first instanceof Action.StartSequences start) {
      return "move the " + start.request().to() + "'s sequences (" + forward.reason() + ")";
    }
    return "start a verification (" + forward.reason() + ")";
  }

  private static boolean flagsConfigMapMissing(MigrationPolicy policy, Observation observation) {
    return observation.missing().stream()
        .anyMatch(object -> "ConfigMap".equals(object.kind()) && object.name().equals(policy.configMap()));
  }

  private static Decision finish(
      Situation s, MigrationPolicy policy, Observation observation, Outcome outcome, MigrationStatus status, Instant now) {
    List<Action> actions = new ArrayList<>(outcome.actions());
    if (!outcome.records() && (!actions.isEmpty() || changed(status, outcome))) {
      actions.add(new Action.RecordEvent(eventType(outcome), outcome.reason(), outcome.message()));
    }
    Integer rampStep = null;
    if (policy != null && outcome.progress() != null) {
      int index = policy.rampSteps().indexOf(outcome.progress().readPercent());
      rampStep = index >= 0 && outcome.progress().phase() == Phase.SHADOW ? index : null;
    }
    return new Decision(now, observation.generation(), outcome.progress(), rampStep, outcome.step(),
        outcome.reason(), outcome.message(), actions, Conditions.of(s, observation, outcome),
        Optional.ofNullable(outcome.requeueAfter()).filter(d -> !d.isNegative()));
  }

  /** True when the step or its reason differs from what status says, so the change deserves an Event. */
  private static boolean changed(MigrationStatus status, Outcome outcome) {
    if (status == null || status.step != outcome.step()) {
      return true;
    }
    String previousReason = status.conditions == null ? null : status.conditions.stream()
        .filter(condition -> ConditionState.READY.equals(condition.getType()))
        .map(Condition::getReason)
        .findFirst().orElse(null);
    return !outcome.reason().equals(previousReason);
  }

  private static Action.EventType eventType(Outcome outcome) {
    boolean bad = HELD.contains(outcome.step()) && !outcome.reason().equals("Paused");
    return bad ? Action.EventType.Warning : Action.EventType.Normal;
  }
}
