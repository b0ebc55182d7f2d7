package dev.cutover.flags;

import dev.cutover.api.Cohort;
import java.util.List;

/**
 * Callers served from the target before any percentage: those whose evaluation-context attribute
 * is one of the values. An immutable copy of {@link Cohort}, so that flag values compare by value.
 */
public record ReadCohort(String attribute, List<String> values) {

  public ReadCohort {
    if (attribute == null || attribute.isBlank()) {
      throw new InvalidFlagsException("a spec.readRamp.cohorts entry has no attribute: name the "
          + "evaluation-context attribute, such as userId");
    }
    if (values == null || values.isEmpty() || values.stream().anyMatch(v -> v == null)) {
      throw new InvalidFlagsException("spec.readRamp.cohorts entry for attribute '" + attribute
          + "' needs at least one value and no null values");
    }
    values = List.copyOf(values);
  }

  public static ReadCohort of(Cohort cohort) {
    return new ReadCohort(cohort.attribute, cohort.values);
  }

  public static List<ReadCohort> of(List<Cohort> cohorts) {
    return cohorts == null ? List.of() : cohorts.stream().map(ReadCohort::of).toList();
  }
}
