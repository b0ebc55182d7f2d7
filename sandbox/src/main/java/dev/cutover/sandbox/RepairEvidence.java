package dev.cutover.sandbox;

import dev.cutover.api.HistoryEntry;
import dev.cutover.api.Migration;
import dev.cutover.api.VerificationPurpose;
import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything that says a verification needed a repair during the walk: a verification run whose
 * purpose was Repair or Recheck ({@code status.verification.purpose}), a {@code RepairStarted} or
 * {@code RecheckStarted} Event, or a history entry with one of those reasons. A walk that needed a
 * repair is a failed walk: the backfill and the mirrored writes alone must leave the target equal,
 * as they must in production where {@code verification.repair} is off.
 */
final class RepairEvidence {
  static final Set<String> REASONS = Set.of("RepairStarted", "RecheckStarted");

  private final Set<String> found = new LinkedHashSet<>();

  /** Looks at one state of the Migration; a state polled every 200 ms sees every run's purpose. */
  synchronized void observe(Migration migration) {
    var status = migration.getStatus();
    if (status == null) {
      return;
    }
    var verification = status.verification;
    if (verification != null && verification.purpose != null && verification.purpose != VerificationPurpose.Check) {
      found.add("status.verification.purpose was " + verification.purpose + " (Job " + verification.job + ")");
    }
    if (status.history != null) {
      for (HistoryEntry entry : status.history) {
        if (entry.reason != null && REASONS.contains(entry.reason)) {
          found.add("status.history has " + entry.reason + " at " + entry.at);
        }
      }
    }
  }

  synchronized void observe(Event event) {
    if (event.getReason() != null && REASONS.contains(event.getReason())) {
      found.add("Event " + event.getReason() + ": " + event.getMessage());
    }
  }

  synchronized boolean repaired() {
    return !found.isEmpty();
  }

  /** What was found, each once, in the order seen. */
  synchronized List<String> found() {
    return new ArrayList<>(found);
  }
}
