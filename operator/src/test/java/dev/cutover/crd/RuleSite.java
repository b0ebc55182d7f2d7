package dev.cutover.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.runtime.CelRuntime;
import java.util.List;

/**
 * One {@code x-kubernetes-validations} rule where it sits in the schema.
 *
 * @param schemaPath property names from the root, {@code @items} for array items and
 *     {@code @values} for map values
 * @param cardinality how many times the rule can run for one object: the product of maxItems (and
 *     maxProperties) of the lists and maps around it; {@link Long#MAX_VALUE} when one is unbounded
 */
public record RuleSite(
    List<String> schemaPath,
    JsonNode schema,
    String rule,
    String message,
    String fieldPath,
    String reason,
    long cardinality,
    CelAbstractSyntaxTree ast,
    CelRuntime.Program program) {

  /** Where the rule sits, as a reader finds it in the CRD: spec.tables[*]. */
  public String location() {
    return String.join(".", schemaPath).replace(".@items", "[*]").replace(".@values", "[*]");
  }

  @Override
  public String toString() {
    return location() + ": " + rule;
  }
}
