package dev.cutover.phase;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the reconciler saw this time, as plain values. Build it with {@link #at} and the withers.
 *
 * @param now the operator's clock; the engine reads no clock of its own
 * @param generation the Migration's metadata.generation
 * @param configMapFlags what the owned keys of the flags ConfigMap express now, as parsed by the
 *     flags component; empty when the keys are missing or do not parse
 * @param ownedKeysInSync the owned keys hold exactly what the flags component renders for the
 *     flags of status.phase and status.readPercent under the current spec (this also catches
 *     hand edits of the cohorts key, or a changed spec.flags, that {@code configMapFlags} cannot show)
 * @param rolloutComplete every spec.flags.restartWorkloads workload has rolled out with the hash of
 *     the flags now in the ConfigMap; true when none is configured
 * @param backfill the latest backfill attempt, from status.backfill kept up to date from its Job
 * @param verification the latest verification attempt, from status.verification kept up to date
 * @param missing referenced objects that do not exist
 * @param preflight the latest preflight attempt, from status.preflight kept up to date from its Job
 * @param sequences the latest sequences move, from status.sequences kept up to date from its Job
 */
public record Observation(
    Instant now,
    long generation,
    Optional<FlagSet> configMapFlags,
    boolean ownedKeysInSync,
    boolean rolloutComplete,
    Optional<BackfillRun> backfill,
    Optional<VerificationRun> verification,
    List<MissingObject> missing,
    Optional<PreflightRun> preflight,
    Optional<SequencesRun> sequences) {

  public Observation {
    missing = missing == null ? List.of() : List.copyOf(missing);
    configMapFlags = configMapFlags == null ? Optional.empty() : configMapFlags;
    backfill = backfill == null ? Optional.empty() : backfill;
    verification = verification == null ? Optional.empty() : verification;
    preflight = preflight == null ? Optional.empty() : preflight;
    sequences = sequences == null ? Optional.empty() : sequences;
  }

  /** Nothing seen yet: no flags, no runs, no rollout pending, nothing missing. */
  public static Observation at(Instant now, long generation) {
    return new Observation(now, generation, Optional.empty(), false, true, Optional.empty(), Optional.empty(), List.of(),
        Optional.empty(), Optional.empty());
  }

  /** The ConfigMap expresses {@code flags} and its owned keys are exactly as rendered. */
  public Observation withFlagsInSync(FlagSet flags) {
    return new Observation(now, generation, Optional.of(flags), true, rolloutComplete, backfill, verification, missing, preflight, sequences);
  }

  public Observation withConfigMap(Optional<FlagSet> flags, boolean inSync) {
    return new Observation(now, generation, flags, inSync, rolloutComplete, backfill, verification, missing, preflight, sequences);
  }

  public Observation withRolloutComplete(boolean complete) {
    return new Observation(now, generation, configMapFlags, ownedKeysInSync, complete, backfill, verification, missing, preflight, sequences);
  }

  public Observation withBackfill(BackfillRun run) {
    return new Observation(now, generation, configMapFlags, ownedKeysInSync, rolloutComplete, Optional.ofNullable(run), verification, missing, preflight, sequences);
  }

  public Observation withVerification(VerificationRun run) {
    return new Observation(now, generation, configMapFlags, ownedKeysInSync, rolloutComplete, backfill, Optional.ofNullable(run), missing, preflight, sequences);
  }

  public Observation withMissing(List<MissingObject> objects) {
    return new Observation(now, generation, configMapFlags, ownedKeysInSync, rolloutComplete, backfill, verification, objects, preflight, sequences);
  }

  public Observation at(Instant time) {
    return new Observation(time, generation, configMapFlags, ownedKeysInSync, rolloutComplete, backfill, verification, missing, preflight, sequences);
  }

  public Observation withGeneration(long value) {
    return new Observation(now, value, configMapFlags, ownedKeysInSync, rolloutComplete, backfill, verification, missing, preflight, sequences);
  }

  public Observation withPreflight(PreflightRun run) {
    return new Observation(now, generation, configMapFlags, ownedKeysInSync, rolloutComplete, backfill, verification, missing,
        Optional.ofNullable(run), sequences);
  }

  public Observation withSequences(SequencesRun run) {
    return new Observation(now, generation, configMapFlags, ownedKeysInSync, rolloutComplete, backfill, verification, missing,
        preflight, Optional.ofNullable(run));
  }
}
