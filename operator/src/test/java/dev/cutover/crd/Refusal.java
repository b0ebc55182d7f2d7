package dev.cutover.crd;

/**
 * One reason the API server would refuse an object: the field at fault (as the API server names
 * it, e.g. {@code spec.tables[0].primaryKey}), the schema keyword or the rule's reason, and the
 * message a user would see.
 *
 * @param blocking true for the errors after which the API server does not run the CEL rules
 *     (wrong type, unsupported enum value, missing required field, too long, too many, unknown field)
 */
public record Refusal(String field, String reason, String message, boolean blocking) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
