package dev.cutover.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON values as CEL sees them under a schema: integer is a Java long, number a double. */
final class CelValues {
  private CelValues() {}

  static Object of(JsonNode value, JsonNode schema) {
    if (value == null || value.isNull()) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    String type = schema.path("type").asText("");
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.properties().forEach(p -> map.put(p.getKey(), of(p.getValue(), propertySchema(schema, p.getKey()))));
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(of(item, schema.path("items"))));
      return list;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return type.equals("number") || value.isFloatingPointNumber() ? (Object) value.doubleValue() : (Object) value.longValue();
    }
    return value.asText();
  }

  private static JsonNode propertySchema(JsonNode schema, String name) {
    JsonNode property = schema.path("properties").path(name);
    return property.isMissingNode() ? schema.path("additionalProperties") : property;
  }
}
