package dev.cutover.flags;

import java.util.LinkedHashMap;
import java.util.Map;

/** Checks that each flag has a name of its own, so one flag can never overwrite another. */
final class FlagKeyNames {
  private final Map<String, String> fieldByName = new LinkedHashMap<>();

  /** Registers {@code name}, the value of spec field {@code field}; refuses blanks and repeats. */
  FlagKeyNames add(String field, String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidFlagsException(field + " is empty: give the flag a key name");
    }
    String other = fieldByName.putIfAbsent(name, field);
    if (other != null) {
      throw new InvalidFlagsException(other + " and " + field + " are both '" + name
          + "': each flag needs a key of its own, change one of them");
    }
    return this;
  }

  static void requireDistinctBackends(String source, String target) {
    if (source == null || source.isBlank() || target == null || target.isBlank()) {
      throw new InvalidFlagsException(
          "spec.flags.backendValues.source and .target must both be set: they are what the backend flag holds");
    }
    if (source.equals(target)) {
      throw new InvalidFlagsException("spec.flags.backendValues.source and .target are both '" + source
          + "': the application could not tell the stores apart, give them different values");
    }
  }
}
