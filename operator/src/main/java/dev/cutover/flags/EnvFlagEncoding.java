package dev.cutover.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cutover.api.BackendValues;
import dev.cutover.api.FlagFormat;
import dev.cutover.api.FlagKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One ConfigMap key per flag, read by the application as environment variables: the backend key
 * holds backendValues.source or .target, the dual-write key "true" or "false", the read key "0" to
 * "100", and the cohorts key, only while cohorts apply, a compact JSON array such as
 * {@code [{"attribute":"userId","values":["123"]}]}.
 */
final class EnvFlagEncoding implements FlagEncoding {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String backendKey;
  private final String dualWriteKey;
  private final String readPercentKey;
  private final String cohortsKey;
  private final String sourceValue;
  private final String targetValue;

  EnvFlagEncoding(FlagKeys keys, BackendValues backendValues) {
    FlagKeys k = keys == null ? new FlagKeys() : keys;
    BackendValues b = backendValues == null ? new BackendValues() : backendValues;
    new FlagKeyNames()
        .add("spec.flags.keys.backend", k.backend)
        .add("spec.flags.keys.dualWrite", k.dualWrite)
        .add("spec.flags.keys.readPercent", k.readPercent)
        .add("spec.flags.keys.cohorts", k.cohorts);
    FlagKeyNames.requireDistinctBackends(b.source, b.target);
    this.backendKey = k.backend;
    this.dualWriteKey = k.dualWrite;
    this.readPercentKey = k.readPercent;
    this.cohortsKey = k.cohorts;
    this.sourceValue = b.source;
    this.targetValue = b.target;
  }

  @Override
  public FlagFormat format() {
    return FlagFormat.ENV;
  }

  @Override
  public SortedSet<String> ownedKeys() {
    return new TreeSet<>(List.of(backendKey, dualWriteKey, readPercentKey, cohortsKey));
  }

  @Override
  public SortedMap<String, String> render(FlagValues values) {
    SortedMap<String, String> entries = new TreeMap<>();
    entries.put(backendKey, values.primary() == Backend.SOURCE ? sourceValue : targetValue);
    entries.put(dualWriteKey, Boolean.toString(values.dualWrite()));
    entries.put(readPercentKey, Integer.toString(values.readPercent()));
    if (!values.cohorts().isEmpty()) {
      entries.put(cohortsKey, cohortsJson(values.cohorts()));
    }
    return entries;
  }

  @Override
  public Optional<FlagValues> read(Map<String, String> data) {
    if (data == null) {
      return Optional.empty();
    }
    Backend primary = backend(data.get(backendKey));
    String dualWrite = data.get(dualWriteKey);
    Integer readPercent = percent(data.get(readPercentKey));
    Optional<List<ReadCohort>> cohorts = cohorts(data.get(cohortsKey));
    if (primary == null || !("true".equals(dualWrite) || "false".equals(dualWrite))
        || readPercent == null || cohorts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FlagValues(primary, Boolean.parseBoolean(dualWrite), readPercent, cohorts.get()));
  }

  private Backend backend(String value) {
    if (sourceValue.equals(value)) {
      return Backend.SOURCE;
    }
    return targetValue.equals(value) ? Backend.TARGET : null;
  }

  private static Integer percent(String value) {
    if (value == null || !value.matches("[0-9]{1,3}")) {
      return null;
    }
    int percent = Integer.parseInt(value);
    return percent <= 100 ? percent : null;
  }

  /** Stable key order (attribute, then values) so equal cohorts always give equal bytes. */
  static String cohortsJson(List<ReadCohort> cohorts) {
    ArrayNode array = JSON.createArrayNode();
    for (ReadCohort cohort : cohorts) {
      ArrayNode values = array.addObject().put("attribute", cohort.attribute()).putArray("values");
      cohort.values().forEach(values::add);
    }
    return array.toString();
  }

  /** Empty list when the key is absent; empty optional when it holds something else than cohorts. */
  private static Optional<List<ReadCohort>> cohorts(String json) {
    if (json == null) {
      return Optional.of(List.of());
    }
    try {
      JsonNode array = JSON.readTree(json);
      if (array == null || !array.isArray()) {
        return Optional.empty();
      }
      List<ReadCohort> cohorts = new ArrayList<>();
      for (JsonNode node : array) {
        List<String> values = new ArrayList<>();
        node.path("values").forEach(v -> values.add(v.isTextual() ? v.asText() : null));
        if (!node.path("attribute").isTextual()) {
          return Optional.empty();
        }
        cohorts.add(new ReadCohort(node.path("attribute").asText(), values));
      }
      return Optional.of(cohorts);
    } catch (JsonProcessingException | InvalidFlagsException e) {
      return Optional.empty();
    }
  }
}
