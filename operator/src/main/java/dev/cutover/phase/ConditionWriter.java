package dev.cutover.phase;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns condition states into Kubernetes Conditions by the API conventions. */
public final class ConditionWriter {
  private ConditionWriter() {}

  /**
   * The conditions of {@code wanted}, in order, followed by any other types already present.
   * lastTransitionTime changes only when a condition's status changes.
   */
  public static List<Condition> merge(List<Condition> existing, List<ConditionState> wanted, long generation, Instant now) {
    List<Condition> previous = existing == null ? List.of() : existing;
    List<Condition> merged = new ArrayList<>();
    for (ConditionState state : wanted) {
      Condition old = previous.stream().filter(c -> state.type().equals(c.getType())).findFirst().orElse(null);
      String status = state.status().name();
      String since = old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null
          ? old.getLastTransitionTime()
          : Timestamps.format(now);
      Condition condition = new Condition();
      condition.setType(state.type());
      condition.setStatus(status);
      condition.setReason(state.reason());
      condition.setMessage(state.message());
      condition.setObservedGeneration(generation);
      condition.setLastTransitionTime(since);
      merged.add(condition);
    }
    for (Condition other : previous) {
      if (wanted.stream().noneMatch(state -> state.type().equals(other.getType()))) {
        merged.add(other);
      }
    }
    return merged;
  }
}
