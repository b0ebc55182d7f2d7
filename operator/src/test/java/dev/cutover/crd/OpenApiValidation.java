package dev.cutover.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CRD's OpenAPI v3 schema checked with a JSON-schema validator (draft 4, whose boolean
 * {@code exclusiveMinimum} OpenAPI v3.0 shares). The Kubernetes extensions become plain JSON
 * Schema: an object with properties refuses other fields (kubectl's strict field validation)
 * unless it preserves unknown fields; int-or-string is of type [integer, string]; nullable admits null;
 * an embedded resource admits apiVersion, kind and metadata. The root admits apiVersion, kind and
 * metadata, which the API server validates itself.
 */
final class OpenApiValidation {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** The errors after which the API server skips the CEL rules (apiextensions hasBlockingErr). */
  private static final Set<String> BLOCKING =
      Set.of("type", "enum", "required", "maxLength", "maxItems", "maxProperties", "additionalProperties", "anyOf");

  private final JsonSchema schema;
  private final ObjectNode translated;

  private OpenApiValidation(ObjectNode root) {
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
        .pathType(PathType.JSON_PATH)
        .locale(Locale.ROOT)
        .build();
    this.translated = root;
    this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root, config);
  }

  /** Validation of whole objects against a CRD's openAPIV3Schema. */
  static OpenApiValidation forCrd(JsonNode openApiSchema) {
    ObjectNode root = translate(openApiSchema);
    ObjectNode properties = root.withObject("properties");
    properties.set("apiVersion", JSON.objectNode().put("type", "string"));
    properties.set("kind", JSON.objectNode().put("type", "string"));
    properties.set("metadata", JSON.objectNode().put("type", "object"));
    return new OpenApiValidation(root);
  }

  /** Validation of values against one schema node, such as a property whose default is checked. */
  static OpenApiValidation forSchema(JsonNode kubernetesSchema) {
    return new OpenApiValidation(translate(kubernetesSchema));
  }

  /** The JSON Schema the Kubernetes schema was translated to. */
  static ObjectNode translate(JsonNode kubernetesSchema) {
    ObjectNode out = JSON.objectNode();
    boolean preserveUnknown = kubernetesSchema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    boolean intOrString = kubernetesSchema.path("x-kubernetes-int-or-string").asBoolean(false);
    boolean embedded = kubernetesSchema.path("x-kubernetes-embedded-resource").asBoolean(false);
    for (Map.Entry<String, JsonNode> keyword : kubernetesSchema.properties()) {
      String name = keyword.getKey();
      JsonNode value = keyword.getValue();
      if (name.startsWith("x-kubernetes-") || name.equals("nullable")) {
        continue;
      }
      switch (name) {
        case "properties" -> {
          ObjectNode properties = out.putObject("properties");
          value.properties().forEach(p -> properties.set(p.getKey(), translate(p.getValue())));
        }
        case "items", "additionalProperties", "not" -> out.set(name, value.isObject() ? translate(value) : value);
        case "allOf", "anyOf", "oneOf" -> {
          ArrayNode list = out.putArray(name);
          value.forEach(v -> list.add(translate(v)));
        }
        default -> out.set(name, value.deepCopy());
      }
    }
    if (intOrString) {
      out.putArray("type").add("integer").add("string");
    }
    if (embedded) {
      ObjectNode properties = out.withObject("properties");
      properties.set("apiVersion", JSON.objectNode().put("type", "string"));
      properties.set("kind", JSON.objectNode().put("type", "string"));
      properties.set("metadata", JSON.objectNode().put("type", "object"));
    }
    if (kubernetesSchema.path("nullable").asBoolean(false) && out.has("type")) {
      out.putArray("type").add(out.get("type").asText()).add("null");
    }
    if (out.has("properties") && !preserveUnknown && !out.has("additionalProperties")) {
      out.put("additionalProperties", false);
    }
    return out;
  }

  List<Refusal> validate(JsonNode object) {
    List<Refusal> refusals = new ArrayList<>();
    for (ValidationMessage message : schema.validate(object)) {
      refusals.add(refusal(message));
    }
    refusals.sort(Comparator.comparing(Refusal::field).thenComparing(Refusal::reason));
    return refusals;
  }

  /** The error in the API server's words, so that a test reads like kubectl's output. */
  private Refusal refusal(ValidationMessage message) {
    String keyword = message.getType();
    String field = fieldPath(message.getInstanceLocation());
    JsonNode value = message.getInstanceNode();
    JsonNode bound = message.getSchemaNode();
    boolean blocking = BLOCKING.contains(keyword);
    String property = message.getProperty();
    return switch (keyword) {
      case "required" -> new Refusal(join(field, property), keyword, "Required value", true);
      case "additionalProperties" -> new Refusal(join(field, property), keyword,
          "unknown field \"" + join(field, property) + "\"", true);
      case "enum" -> new Refusal(field, keyword,
          "Unsupported value: " + value + ": supported values: " + joinValues(bound), true);
      case "pattern" -> new Refusal(field, keyword,
          "Invalid value: " + value + ": " + field + " in body should match '" + bound.asText() + "'", false);
      case "minItems" -> new Refusal(field, keyword,
          "Invalid value: " + value.size() + ": " + field + " in body should have at least " + bound + " items", false);
      case "maxItems" -> new Refusal(field, keyword, "Too many: " + value.size() + ": must have at most " + bound + " items", true);
      case "minLength" -> new Refusal(field, keyword,
          "Invalid value: " + value + ": " + field + " in body should be at least " + bound + " chars long", false);
      case "maxLength" -> new Refusal(field, keyword, "Too long: may not be more than " + bound + " bytes", true);
      case "minimum" -> new Refusal(field, keyword,
          "Invalid value: " + value + ": " + field + " in body should be greater than "
              + (exclusive(message, "exclusiveMinimum") ? "" : "or equal to ") + bound, false);
      case "maximum" -> new Refusal(field, keyword,
          "Invalid value: " + value + ": " + field + " in body should be less than "
              + (exclusive(message, "exclusiveMaximum") ? "" : "or equal to ") + bound, false);
      case "type" -> new Refusal(field, keyword,
          "Invalid value: " + value + ": " + field + " in body must be of type "
              + (bound.isArray() ? joinValues(bound) : bound.asText()), true);
      default -> new Refusal(field, keyword, message.getMessage(), blocking);
    };
  }

  /** Whether the schema holding the failed minimum (maximum) also says exclusiveMinimum (-Maximum): true. */
  private boolean exclusive(ValidationMessage message, String flag) {
    JsonNode node = translated;
    JsonNodePath path = message.getEvaluationPath();
    for (int i = 0; i < path.getNameCount() - 1; i++) {
      Object element = path.getElement(i);
      node = element instanceof Integer index ? node.path(index) : node.path(element.toString());
    }
    return node.path(flag).asBoolean(false);
  }

  private static String joinValues(JsonNode values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add(v.toString()));
    return String.join(", ", quoted);
  }

  /** $.spec.tables[0].name as the API server writes it: spec.tables[0].name. */
  static String fieldPath(JsonNodePath path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(element);
      }
    }
    return out.toString();
  }

  private static String join(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }
}
