package dev.cutover.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CEL types for schema nodes, as the API server declares {@code self}: an object with properties
 * is a struct with exactly those fields (a rule naming another field does not compile), a list is
 * a list of its item type, integer is int, number is double. Fields that preserve unknown fields
 * or are int-or-string are dyn.
 */
final class CelSchemaTypes implements CelTypeProvider {
  private final Map<String, CelType> structs = new LinkedHashMap<>();

  CelType typeOf(JsonNode schema, List<String> path) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return SimpleType.DYN;
    }
    return switch (schema.path("type").asText("")) {
      case "object" -> objectType(schema, path);
      case "array" -> ListType.create(typeOf(schema.path("items"), append(path, "@items")));
      case "string" -> stringType(schema.path("format").asText(""));
      case "integer" -> SimpleType.INT;
      case "number" -> SimpleType.DOUBLE;
      case "boolean" -> SimpleType.BOOL;
      default -> SimpleType.DYN;
    };
  }

  private CelType objectType(JsonNode schema, List<String> path) {
    if (schema.has("properties")) {
      String name = structName(path);
      Map<String, CelType> fields = new LinkedHashMap<>();
      schema.path("properties").properties()
          .forEach(p -> fields.put(p.getKey(), typeOf(p.getValue(), append(path, p.getKey()))));
      StructType struct = StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
          field -> Optional.ofNullable(fields.get(field)));
      structs.put(name, struct);
      return struct;
    }
    if (schema.path("additionalProperties").isObject()) {
      return MapType.create(SimpleType.STRING, typeOf(schema.path("additionalProperties"), append(path, "@values")));
    }
    return SimpleType.DYN;
  }

  private static CelType stringType(String format) {
    return switch (format) {
      case "byte" -> SimpleType.BYTES;
      case "duration" -> SimpleType.DURATION;
      case "date", "date-time" -> SimpleType.TIMESTAMP;
      default -> SimpleType.STRING;
    };
  }

  private static String structName(List<String> path) {
    StringBuilder name = new StringBuilder("crd.Object");
    path.forEach(part -> name.append('.').append(part.replace("@", "_")));
    return name.toString();
  }

  static List<String> append(List<String> path, String part) {
    return ImmutableList.<String>builder().addAll(path).add(part).build();
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(structs.values());
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(structs.get(typeName));
  }
}
