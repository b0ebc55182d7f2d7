package dev.cutover.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Defaulting as the API server does it before validation: a property that is absent (or null
 * without {@code nullable}) takes the schema's {@code default}, inside objects that are present;
 * an absent object is not created to hold defaults.
 */
final class StructuralDefaults {
  private StructuralDefaults() {}

  static void apply(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      applyToObject(schema, object);
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(item -> apply(schema.get("items"), item));
    }
  }

  private static void applyToObject(JsonNode schema, ObjectNode object) {
    JsonNode properties = schema.path("properties");
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      String name = property.getKey();
      JsonNode propertySchema = property.getValue();
      JsonNode current = object.get(name);
      if (current != null && current.isNull() && !propertySchema.path("nullable").asBoolean(false)) {
        object.remove(name);
        current = null;
      }
      if (current == null && propertySchema.has("default")) {
        object.set(name, propertySchema.get("default").deepCopy());
      }
      if (object.has(name)) {
        apply(propertySchema, object.get(name));
      }
    }
    JsonNode additional = schema.path("additionalProperties");
    if (additional.isObject()) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (!properties.has(name)) {
          apply(additional, object.get(name));
        }
      }
    }
  }
}
