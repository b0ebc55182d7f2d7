package dev.cutover.phase;

import dev.cutover.api.Phase;
import java.util.Objects;

/**
 * The three flags the application reads, as plain values; the one copy of the table in docs/phases.md.
 * The flags component renders a FlagSet into the ConfigMap (env or flagd) and parses the
 * ConfigMap back into one to detect drift.
 *
 * <pre>
 * phase           primary  dualWrite  readPercent
 * old             source   false      0
 * shadow          source   true       0, then the read ramp
 * reverse-shadow  target   true       100
 * new             target   false      100
 * </pre>
 *
 * Each (primary, dualWrite) pair is exactly one phase, so old and new, the two phases without
 * mirrored writes, differ in both and are never adjacent.
 */
public record FlagSet(Primary primary, boolean dualWrite, int readPercent) {

  /** The store that takes the primary writes ({@code DATABASE_BACKEND}). */
  public enum Primary {
    SOURCE,
    TARGET
  }

  public FlagSet {
    Objects.requireNonNull(primary, "primary");
    if (readPercent < 0 || readPercent > 100) {
      throw new IllegalArgumentException("readPercent must be within 0..100, got " + readPercent);
    }
  }

  /** The flags of {@code phase} as it is entered: reads 0 in old and shadow, 100 after. */
  public static FlagSet forPhase(Phase phase) {
    return forPhase(phase, entryReadPercent(phase));
  }

  /**
   * The flags of {@code phase} with {@code readPercent} of reads served from the target. Only shadow
   * ramps reads; any other percentage for another phase is refused.
   */
  public static FlagSet forPhase(Phase phase, int readPercent) {
    if (phase != Phase.SHADOW && readPercent != entryReadPercent(phase)) {
      throw new IllegalArgumentException(
          phase + " serves " + entryReadPercent(phase) + "% of reads from the target, not " + readPercent
              + "%; only shadow ramps reads");
    }
    return switch (phase) {
      case OLD -> new FlagSet(Primary.SOURCE, false, readPercent);
      case SHADOW -> new FlagSet(Primary.SOURCE, true, readPercent);
      case REVERSE_SHADOW -> new FlagSet(Primary.TARGET, true, readPercent);
      case NEW -> new FlagSet(Primary.TARGET, false, readPercent);
    };
  }

  /** Reads served from the target when a phase is entered. */
  public static int entryReadPercent(Phase phase) {
    return phase == Phase.OLD || phase == Phase.SHADOW ? 0 : 100;
  }

  /** The phase whose writes these flags express (the read percentage does not decide it). */
  public Phase phase() {
    if (primary == Primary.SOURCE) {
      return dualWrite ? Phase.SHADOW : Phase.OLD;
    }
    return dualWrite ? Phase.REVERSE_SHADOW : Phase.NEW;
  }

  /** True when both send writes to the same primary with the same mirroring. */
  public boolean sameWrites(FlagSet other) {
    return other != null && primary == other.primary && dualWrite == other.dualWrite;
  }

  /** Reads like {@code source primary, dual writes on, 10% reads from the target}. */
  public String describe() {
    return primary.name().toLowerCase() + " primary, dual writes " + (dualWrite ? "on" : "off") + ", "
        + readPercent + "% reads from the target";
  }
}
