package dev.cutover.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Conditions by the Kubernetes API conventions: one per type, {@code lastTransitionTime} kept while
 * the status does not change, {@code observedGeneration} the spec generation they describe.
 */
public final class ConditionList {
  private ConditionList() {}

  /** Returns a copy of {@code current} with {@code type} set; the input is not modified. */
  public static List<Condition> with(
      List<Condition> current, String type, String status, String reason, String message, Long generation, Instant now) {
    List<Condition> next = new ArrayList<>();
    Condition previous = null;
    for (Condition condition : current == null ? List.<Condition>of() : current) {
      if (type.equals(condition.getType())) {
        previous = condition;
      } else {
        next.add(condition);
      }
    }
    String transition =
        previous != null && Objects.equals(previous.getStatus(), status) && previous.getLastTransitionTime() != null
            ? previous.getLastTransitionTime()
            : now.toString();
    next.add(new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build());
    next.sort(java.util.Comparator.comparingInt(c -> ConditionType.order(c.getType())));
    return next;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
