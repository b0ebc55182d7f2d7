package dev.cutover.sandbox;

import dev.cutover.api.Phase;
import java.util.Map;

/**
 * The three flags the TeaElephant server reads from its ConfigMap (env format): which store is
 * primary, whether writes are mirrored to the other one, and the share of reads served from the
 * target.
 */
record ServerFlags(Side primary, boolean dualWrite, int readPercent) {
  static final String BACKEND = "DATABASE_BACKEND";
  static final String DUAL_WRITE = "FF_PG_DUAL_WRITE";
  static final String READ_PERCENT = "FF_PG_READ_PERCENT";

  static final ServerFlags OLD = new ServerFlags(Side.SOURCE, false, 0);

  /**
   * Reads the flags as the server would; a missing key takes the value of {@code old}, a value the
   * server does not understand is refused (the server keeps its previous flags).
   */
  static ServerFlags parse(Map<String, String> data) {
    Map<String, String> values = data == null ? Map.of() : data;
    String backend = values.getOrDefault(BACKEND, Side.SOURCE.backendValue()).trim();
    Side primary;
    if (backend.equals(Side.SOURCE.backendValue())) {
      primary = Side.SOURCE;
    } else if (backend.equals(Side.TARGET.backendValue())) {
      primary = Side.TARGET;
    } else {
      throw new IllegalArgumentException(BACKEND + "='" + backend + "' is neither '"
          + Side.SOURCE.backendValue() + "' nor '" + Side.TARGET.backendValue() + "'");
    }
    String dual = values.getOrDefault(DUAL_WRITE, "false").trim();
    if (!dual.equals("true") && !dual.equals("false")) {
      throw new IllegalArgumentException(DUAL_WRITE + "='" + dual + "' is neither true nor false");
    }
    String percent = values.getOrDefault(READ_PERCENT, "0").trim();
    int readPercent;
    try {
      readPercent = Integer.parseInt(percent);
    } catch (NumberFormatException e) {
      readPercent = -1;
    }
    if (readPercent < 0 || readPercent > 100) {
      throw new IllegalArgumentException(READ_PERCENT + "='" + percent + "' is not a percentage from 0 to 100");
    }
    return new ServerFlags(primary, Boolean.parseBoolean(dual), readPercent);
  }

  /** The phase these flags put the server in (the rows of docs/phases.md). */
  Phase phase() {
    if (primary == Side.SOURCE) {
      return dualWrite ? Phase.SHADOW : Phase.OLD;
    }
    return dualWrite ? Phase.REVERSE_SHADOW : Phase.NEW;
  }

  /** As the ConfigMap holds them. */
  Map<String, String> asData() {
    return Map.of(BACKEND, primary.backendValue(), DUAL_WRITE, Boolean.toString(dualWrite),
        READ_PERCENT, Integer.toString(readPercent));
  }

  @Override
  public String toString() {
    return BACKEND + "=" + primary.backendValue() + " " + DUAL_WRITE + "=" + dualWrite + " "
        + READ_PERCENT + "=" + readPercent;
  }
}
