package dev.cutover.jobs;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of worker run: a backfill copies the source into the target, a verify compares them, a
 * preflight checks both before anything is written, a sequences run moves the sequences to the
 * new primary.
 */
public enum RunKind {
  BACKFILL("backfill"),
  VERIFY("verify"),
  PREFLIGHT("preflight"),
  SEQUENCES("sequences");

  private final String value;

  RunKind(String value) {
    this.value = value;
  }

  /** The value of the {@code cutover.dev/run} label, the worker command and the generateName infix. */
  public String value() {
    return value;
  }

  /** The run kind a label value names, or empty for anything else. */
  public static Optional<RunKind> fromValue(String value) {
    return Arrays.stream(values()).filter(kind -> kind.value.equals(value)).findFirst();
  }
}
