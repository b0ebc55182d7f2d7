package dev.cutover.phase;

import dev.cutover.api.HistoryEntry;
import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the engine decided. The reconciler performs {@link #actions()} in order; when all succeeded
 * it writes {@link #writeTo} onto the status (together with what the actions themselves record:
 * status.flags, status.backfill, status.verification, status.preflight, status.sequences) and requeues after {@link #requeueAfter()}.
 * When an action fails it writes nothing and reconciles again: deciding again from the same
 * observation gives the same decision.
 *
 * @param decidedAt the observation's time, cut to whole seconds
 * @param generation the metadata.generation decided on (status.observedGeneration)
 * @param progress where the flags are once the actions are done; null only when no flags have ever
 *     been written and cannot be yet (the flags ConfigMap is missing, or the spec is invalid)
 * @param rampStep the 0-based position of the read percentage in spec.readRamp.steps, or null
 * @param step what the operator is doing (status.step)
 * @param reason a CamelCase reason for the step, also the reason of Ready and Progressing
 * @param message one line saying what is happening and, when held, what to do (status.message)
 * @param actions what to do now, in order; empty when only waiting
 * @param conditions Ready, Progressing, Degraded, PreflightPassed, BackfillComplete and Verified
 * @param requeueAfter when to decide again at the latest, even if nothing is observed to change
 */
public record Decision(
    Instant decidedAt,
    long generation,
    Progress progress,
    Integer rampStep,
    Step step,
    String reason,
    String message,
    List<Action> actions,
    List<ConditionState> conditions,
    Optional<Duration> requeueAfter) {

  public Decision {
    actions = List.copyOf(actions);
    conditions = List.copyOf(conditions);
  }

  /** The flags the ConfigMap should hold after this decision; empty before any flags are written. */
  public Optional<FlagSet> flags() {
    return Optional.ofNullable(progress).map(Progress::flags);
  }

  public Optional<ConditionState> condition(String type) {
    return conditions.stream().filter(condition -> condition.type().equals(type)).findFirst();
  }

  /**
   * Writes the engine-owned status fields onto {@code status}: observedGeneration, phase,
   * readPercent, rampStep, rampStepSince, phaseSince, step, message, conditions (lastTransitionTime
   * kept where the status did not change) and history (a bounded entry per RecordTransition). It
   * leaves status.flags, status.backfill and status.verification to the reconciler.
   */
  public void writeTo(MigrationStatus status) {
    status.observedGeneration = generation;
    if (progress != null) {
      status.phase = progress.phase();
      status.readPercent = progress.readPercent();
      status.rampStepSince = Timestamps.format(progress.rampStepSince());
      status.phaseSince = Timestamps.format(progress.phaseSince());
    }
    status.rampStep = rampStep;
    status.step = step;
    status.message = message;
    status.conditions = ConditionWriter.merge(status.conditions, conditions, generation, decidedAt);
    for (Action action : actions) {
      if (action instanceof Action.RecordTransition transition) {
        status.history = History.append(status.history, new HistoryEntry(transition.phase(),
            transition.readPercent(), Timestamps.format(decidedAt), transition.reason(), transition.message()));
      }
    }
  }
}
