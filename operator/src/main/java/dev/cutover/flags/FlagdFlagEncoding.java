package dev.cutover.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * One ConfigMap key ({@code keys.flagd}) holding an OpenFeature flagd flag-definition document
 * with three flags, named by {@code keys.backend}, {@code keys.dualWrite} and {@code
 * keys.readPercent}:
 *
 * <ul>
 *   <li>backend: variants {@code source}/{@code target} holding the backend values; the default
 *       variant is the primary store;
 *   <li>dual write: variants {@code on}/{@code off} (true/false);
 *   <li>read routing: resolves per caller to the store to read from (variants {@code
 *       source}/{@code target}, the backend values). The cohorts come first, as an {@code if} whose
 *       conditions are {@code in} tests on the cohort attribute; the percentage follows as a
 *       {@code fractional} split bucketed on the flag key and the caller's {@code targetingKey}.
 *       At 0 % and 100 % there is no targeting, only the default variant.
 * </ul>
 *
 * <p>The document is written with a fixed field order and indentation: same values, same bytes.
 */
final class FlagdFlagEncoding implements FlagEncoding {
  static final String SCHEMA = "https://flagd.dev/schema/v0/flags.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter WRITER = JSON.writer(
      new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private final String documentKey;
  private final String backendFlag;
  private final String dualWriteFlag;
  private final String readFlag;
  private final String sourceValue;
  private final String targetValue;

  FlagdFlagEncoding(FlagKeys keys, BackendValues backendValues) {
    FlagKeys k = keys == null ? new FlagKeys() : keys;
    BackendValues b = backendValues == null ? new BackendValues() : backendValues;
    new FlagKeyNames().add("spec.flags.keys.flagd", k.flagd);
    new FlagKeyNames()
        .add("spec.flags.keys.backend", k.backend)
        .add("spec.flags.keys.dualWrite", k.dualWrite)
        .add("spec.flags.keys.readPercent", k.readPercent);
    FlagKeyNames.requireDistinctBackends(b.source, b.target);
    this.documentKey = k.flagd;
    this.backendFlag = k.backend;
    this.dualWriteFlag = k.dualWrite;
    this.readFlag = k.readPercent;
    this.sourceValue = b.source;
    this.targetValue = b.target;
  }

  @Override
  public FlagFormat format() {
    return FlagFormat.FLAGD;
  }

  @Override
  public SortedSet<String> ownedKeys() {
    return new TreeSet<>(List.of(documentKey));
  }

  @Override
  public SortedMap<String, String> render(FlagValues values) {
    ObjectNode document = JSON.createObjectNode().put("$schema", SCHEMA);
    ObjectNode flags = document.putObject("flags");
    storeFlag(flags, backendFlag, values.primary());
    ObjectNode dualWrite = enabled(flags.putObject(dualWriteFlag));
    dualWrite.putObject("variants").put("on", true).put("off", false);
    dualWrite.put("defaultVariant", values.dualWrite() ? "on" : "off");
    int percent = values.readPercent();
    ObjectNode read = storeFlag(flags, readFlag, percent == 100 ? Backend.TARGET : Backend.SOURCE);
    if (percent < 100 && (percent > 0 || !values.cohorts().isEmpty())) {
      read.set("targeting", readTargeting(percent, values.cohorts()));
    }
    try {
      SortedMap<String, String> entries = new TreeMap<>();
      entries.put(documentKey, WRITER.writeValueAsString(document) + "\n");
      return entries;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the flagd document", e);
    }
  }

  private ObjectNode storeFlag(ObjectNode flags, String name, Backend defaultVariant) {
    ObjectNode flag = enabled(flags.putObject(name));
    flag.putObject("variants")
        .put(Backend.SOURCE.variant(), sourceValue)
        .put(Backend.TARGET.variant(), targetValue);
    return flag.put("defaultVariant", defaultVariant.variant());
  }

  private static ObjectNode enabled(ObjectNode flag) {
    return flag.put("state", "ENABLED");
  }

  /** {@code if [cohort1, "target", cohort2, "target", ..., split]}, or the split alone. */
  private static JsonNode readTargeting(int percent, List<ReadCohort> cohorts) {
    JsonNode split = percent == 0 ? JSON.getNodeFactory().textNode(Backend.SOURCE.variant()) : fractional(percent);
    if (cohorts.isEmpty()) {
      return split;
    }
    ObjectNode rule = JSON.createObjectNode();
    ArrayNode branches = rule.putArray("if");
    for (ReadCohort cohort : cohorts) {
      ArrayNode in = branches.addObject().putArray("in");
      in.addObject().put("var", cohort.attribute());
      ArrayNode values = in.addArray();
      cohort.values().forEach(values::add);
      branches.add(Backend.TARGET.variant());
    }
    branches.add(split);
    return rule;
  }

  private static ObjectNode fractional(int percent) {
    ObjectNode rule = JSON.createObjectNode();
    ArrayNode args = rule.putArray("fractional");
    ArrayNode bucket = args.addObject().putArray("cat");
    bucket.addObject().put("var", "$flagd.flagKey");
    bucket.addObject().put("var", "targetingKey");
    args.addArray().add(Backend.TARGET.variant()).add(percent);
    args.addArray().add(Backend.SOURCE.variant()).add(100 - percent);
    return rule;
  }

  @Override
  public Optional<FlagValues> read(Map<String, String> data) {
    String text = data == null ? null : data.get(documentKey);
    if (text == null) {
      return Optional.empty();
    }
    try {
      JsonNode flags = JSON.readTree(text).path("flags");
      Backend primary = storeVariant(flags.path(backendFlag).path("defaultVariant").asText(null));
      String dualWrite = flags.path(dualWriteFlag).path("defaultVariant").asText("");
      JsonNode read = flags.path(readFlag);
      Backend readDefault = storeVariant(read.path("defaultVariant").asText(null));
      if (primary == null || !(dualWrite.equals("on") || dualWrite.equals("off")) || readDefault == null) {
        return Optional.empty();
      }
      List<ReadCohort> cohorts = new ArrayList<>();
      Integer percent = read.has("targeting")
          ? targetingPercent(read.get("targeting"), cohorts)
          : (readDefault == Backend.TARGET ? 100 : 0);
      return percent == null
          ? Optional.empty()
          : Optional.of(new FlagValues(primary, dualWrite.equals("on"), percent, cohorts));
    } catch (JsonProcessingException | InvalidFlagsException e) {
      return Optional.empty();
    }
  }

  private static Backend storeVariant(String variant) {
    for (Backend backend : Backend.values()) {
      if (backend.variant().equals(variant)) {
        return backend;
      }
    }
    return null;
  }

  /** The read percentage of a targeting rule written by {@link #readTargeting}, collecting its cohorts. */
  private static Integer targetingPercent(JsonNode targeting, List<ReadCohort> cohorts) {
    JsonNode split = targeting;
    if (targeting.has("if")) {
      JsonNode branches = targeting.get("if");
      int last = branches.size() - 1;
      for (int i = 0; i + 1 < last; i += 2) {
        JsonNode in = branches.get(i).path("in");
        if (!Backend.TARGET.variant().equals(branches.get(i + 1).asText())
            || !in.path(0).path("var").isTextual() || !in.path(1).isArray()) {
          return null;
        }
        List<String> values = new ArrayList<>();
        in.path(1).forEach(v -> values.add(v.asText()));
        cohorts.add(new ReadCohort(in.path(0).path("var").asText(), values));
      }
      split = branches.path(last);
    }
    if (Backend.SOURCE.variant().equals(split.asText(null))) {
      return 0;
    }
    // Weights are relative (flagd divides by their sum), so a hand-edited split is read as such.
    long total = 0;
    long toTarget = 0;
    for (JsonNode weight : split.path("fractional")) {
      if (weight.isArray()) {
        int w = weight.path(1).asInt(1);
        if (w < 0) {
          return null;
        }
        total += w;
        toTarget += Backend.TARGET.variant().equals(weight.path(0).asText()) ? w : 0;
      }
    }
    return total == 0 ? null : (int) Math.round(toTarget * 100.0 / total);
  }
}
