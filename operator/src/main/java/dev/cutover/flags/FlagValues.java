package dev.cutover.flags;

import dev.cutover.api.Cohort;
import dev.cutover.api.Phase;
import java.util.List;

/**
 * What the flags tell the application, independent of the ConfigMap format.
 *
 * @param primary the store that takes the writes (the backend flag)
 * @param dualWrite whether writes are mirrored to the other store
 * @param readPercent the percentage of reads served from the target, 0 to 100
 * @param cohorts callers served from the target before the percentage applies, in spec order
 */
public record FlagValues(Backend primary, boolean dualWrite, int readPercent, List<ReadCohort> cohorts) {

  public FlagValues {
    if (primary == null) {
      throw new InvalidFlagsException("the primary store of the flags must be source or target");
    }
    if (readPercent < 0 || readPercent > 100) {
      throw new InvalidFlagsException(
          "read percentage " + readPercent + " is out of range: it must be between 0 and 100");
    }
    cohorts = cohorts == null ? List.of() : List.copyOf(cohorts);
  }

  /**
   * The flags of a phase, as the table of docs/phases.md defines them: {@code old} reads 0 %, {@code
   * reverse-shadow} and {@code new} read 100 %, {@code shadow} anything from 0 to 100 (the read
   * ramp). The cohorts are kept only while reads ramp (0 &lt; readPercent &lt; 100): at 0 nobody
   * may read the unverified target, at 100 everybody already does.
   *
   * @throws InvalidFlagsException when the read percentage contradicts the phase
   */
  public static FlagValues forPhase(Phase phase, int readPercent, List<Cohort> cohorts) {
    return forPhaseWithCohorts(phase, readPercent, ReadCohort.of(cohorts));
  }

  /** The flags of a phase with the table's read percentage (0 for shadow) and no cohorts. */
  public static FlagValues forPhase(Phase phase) {
    return forPhaseWithCohorts(phase, dev.cutover.phase.FlagSet.entryReadPercent(phase), List.of());
  }

  /** As {@link #forPhase(Phase, int, List)}, with cohorts already copied. */
  public static FlagValues forPhaseWithCohorts(Phase phase, int readPercent, List<ReadCohort> cohorts) {
    if (phase == null) {
      throw new InvalidFlagsException("no phase given for the flags");
    }
    int required = phase == Phase.SHADOW ? readPercent : dev.cutover.phase.FlagSet.entryReadPercent(phase);
    if (readPercent != required) {
      throw new InvalidFlagsException("phase " + phase + " reads " + required
          + "% from the target, not " + readPercent + "%: only shadow ramps reads");
    }
    // The writes come from the engine's phase table; the read percentage is range-checked here, so
    // that a bad one is an InvalidFlagsException like every other flag error.
    dev.cutover.phase.FlagSet writes = dev.cutover.phase.FlagSet.forPhase(phase);
    boolean ramping = readPercent > 0 && readPercent < 100;
    return new FlagValues(Backend.of(writes.primary()), writes.dualWrite(), readPercent, ramping ? cohorts : List.of());
  }

  /** The phase these flags put the service in; the read percentage is reported apart. */
  public Phase phase() {
    return toPhaseFlags().phase();
  }

  /** These flags as the phase engine sees them: primary, mirrored writes and reads, no cohorts. */
  public dev.cutover.phase.FlagSet toPhaseFlags() {
    return new dev.cutover.phase.FlagSet(primary.primary(), dualWrite, readPercent);
  }
}
