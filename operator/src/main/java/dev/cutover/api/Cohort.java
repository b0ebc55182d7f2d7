package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Callers served from the target before any percentage: those whose attribute is one of the values. */
public class Cohort {

  /** The evaluation-context attribute, such as userId or country. */
  @JsonPropertyDescription("The evaluation-context attribute, such as userId or country.")
  @Required
  @Size(min = 1, max = 253)
  public String attribute;

  /** The attribute values of the cohort. */
  @JsonPropertyDescription("The attribute values of the cohort.")
  @Required
  @Size(min = 1, max = 1000)
  public List<@Size(min = 1, max = 253) String> values = new ArrayList<>();
}
