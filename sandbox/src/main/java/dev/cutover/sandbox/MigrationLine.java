package dev.cutover.sandbox;

import dev.cutover.api.Migration;
import dev.cutover.api.MigrationStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** One row of {@code kubectl get migrations}: NAME PHASE TARGET STEP READ% VERIFIED AGE. */
record MigrationLine(String name, String phase, String target, String step, String readPercent, String verified) {
  static final String FORMAT = "%-13s %-15s %-15s %-18s %-6s %-9s %s";

  static String header() {
    return String.format(FORMAT, "NAME", "PHASE", "TARGET", "STEP", "READ%", "VERIFIED", "AGE");
  }

  static MigrationLine of(Migration migration) {
    MigrationStatus status = migration.getStatus();
    return new MigrationLine(
        migration.getMetadata().getName(),
        status == null || status.phase == null ? "" : status.phase.value(),
        migration.getSpec().phase == null ? "" : migration.getSpec().phase.value(),
        status == null || status.step == null ? "" : status.step.name(),
        status == null ? "" : Integer.toString(status.readPercent),
        verified(status));
  }

  private static String verified(MigrationStatus status) {
    if (status == null || status.conditions == null) {
      return "";
    }
    return status.conditions.stream().filter(c -> "Verified".equals(c.getType())).map(Condition::getStatus)
        .filter(Objects::nonNull).findFirst().orElse("");
  }

  String render(Instant created, Instant now) {
    return String.format(FORMAT, name, phase, target, step, readPercent, verified, age(created, now));
  }

  /** Ages as kubectl prints them: 45s, 3m12s, 2h5m. */
  static String age(Instant created, Instant now) {
    if (created == null) {
      return "";
    }
    long seconds = Math.max(0, Duration.between(created, now).getSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
    return seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : seconds % 3600 / 60 + "m");
  }
}
