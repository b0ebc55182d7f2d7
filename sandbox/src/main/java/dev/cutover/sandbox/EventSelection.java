package dev.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Lists Events by field selector ({@code involvedObject.kind=Migration,involvedObject.name=x}). */
final class EventSelection {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventSelection() {}

  static MockResponse select(RecordedRequest request, Function<RecordedRequest, MockResponse> dispatch) {
    String path = request.getPath();
    int query = path.indexOf('?');
    Map<String, String> fields = new LinkedHashMap<>();
    for (String parameter : path.substring(query + 1).split("&")) {
      if (parameter.startsWith("fieldSelector=")) {
        String selector = URLDecoder.decode(parameter.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
        for (String term : selector.split(",")) {
          String[] pair = term.split("==?", 2);
          if (pair.length == 2) {
            fields.put(pair[0], pair[1]);
          }
        }
      }
    }
    MockResponse all = dispatch.apply(new RecordedRequest(request.getHttpVersion(), request.method(),
        path.substring(0, query), request.getHeaders(), request.getBody()));
    if (all.code() != 200) {
      return all;
    }
    try {
      ObjectNode list = (ObjectNode) JSON.readTree(new String(all.getBody().getBytes(), StandardCharsets.UTF_8));
      ArrayNode selected = JSON.createArrayNode();
      for (JsonNode event : list.path("items")) {
        if (fields.entrySet().stream().allMatch(f -> f.getValue().equals(field(event, f.getKey())))) {
          selected.add(event);
        }
      }
      list.set("items", selected);
      // kubectl decodes the typed list kind, not the mock's generic List.
      list.put("kind", "EventList");
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
          .setBody(JSON.writeValueAsString(list));
    } catch (java.io.IOException e) {
      return all;
    }
  }

  private static String field(JsonNode event, String dotted) {
    JsonNode node = event;
    for (String part : dotted.split("\\.")) {
      node = node.path(part);
    }
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

}
