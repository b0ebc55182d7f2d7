package dev.cutover.worker.verify;

/** How a key differs between source and target. */
enum DifferenceKind {
  MISSING_IN_TARGET("missing-in-target"),
  MISSING_IN_SOURCE("missing-in-source"),
  DIFFERENT("different");

  private final String label;

  DifferenceKind(String label) {
    this.label = label;
  }

  /** The word used in the list of differing keys on stderr. */
  String label() {
    return label;
  }
}
