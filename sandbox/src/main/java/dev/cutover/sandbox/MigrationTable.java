package dev.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-side printing of Migrations, as the API server does for a CRD's additionalPrinterColumns
 * when kubectl asks for a Table: without it, {@code kubectl get migrations} shows only NAME and AGE.
 * Evaluates the simple JSONPaths the CRD uses ({@code .status.phase},
 * {@code .status.conditions[?(@.type=="Verified")].status}); date columns print as ages.
 */
final class MigrationTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FILTER = Pattern.compile("^(\\w+)\\[\\?\\(@\\.(\\w+)==\"([^\"]*)\"\\)\\]$");

  private final List<CustomResourceColumnDefinition> columns;

  MigrationTable(List<CustomResourceColumnDefinition> columns) {
    this.columns = List.copyOf(columns);
  }

  /** The Table for a Migration or a MigrationList, as JSON. */
  String render(String objectOrList, Instant now) throws java.io.IOException {
    JsonNode body = JSON.readTree(objectOrList);
    List<JsonNode> items = new ArrayList<>();
    if (body.has("items")) {
      body.get("items").forEach(items::add);
    } else {
      items.add(body);
    }
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name").put("priority", 0)
        .put("description", "Name must be unique within a namespace.");
    for (CustomResourceColumnDefinition column : columns) {
      definitions.addObject().put("name", column.getName()).put("type", column.getType())
          .put("format", column.getFormat() == null ? "" : column.getFormat())
          .put("priority", column.getPriority() == null ? 0 : column.getPriority())
          .put("description", column.getDescription() == null ? "" : column.getDescription());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      for (CustomResourceColumnDefinition column : columns) {
        JsonNode value = evaluate(item, column.getJsonPath());
        if (value == null || value.isMissingNode() || value.isNull()) {
          cells.addNull();
        } else if ("date".equals(column.getType())) {
          cells.add(MigrationLine.age(Instant.parse(value.asText()), now));
        } else {
          cells.add(value);
        }
      }
      ObjectNode object = row.putObject("object");
      object.put("kind", "PartialObjectMetadata");
      object.put("apiVersion", "meta.k8s.io/v1");
      object.set("metadata", item.path("metadata"));
    }
    return JSON.writeValueAsString(table);
  }

  /** {@code .a.b} and {@code .a[?(@.k=="v")].b}; null when the path leads nowhere. */
  static JsonNode evaluate(JsonNode node, String path) {
    JsonNode current = node;
    for (String part : path.substring(1).split("\\.(?![^\\[]*\\])")) {
      if (current == null) {
        return null;
      }
      Matcher filter = FILTER.matcher(part);
      if (filter.matches()) {
        JsonNode match = null;
        for (JsonNode element : current.path(filter.group(1))) {
          if (filter.group(3).equals(element.path(filter.group(2)).asText(null))) {
            match = element;
            break;
          }
        }
        current = match;
      } else {
        current = current.get(part);
      }
    }
    return current;
  }
}
