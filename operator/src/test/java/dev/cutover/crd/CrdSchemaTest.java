package dev.cutover.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The checked-in CRD file itself: names, printer columns, subresources and the schema's keywords. */
class CrdSchemaTest {
  private static final CrdFile CRD = CrdFile.checkedIn();
  private static final String IDENTIFIER = "^[^\"\\x00-\\x1f\\x7f]{1,63}$";
  private static final String DURATION = "^([0-9]{1,9}(ms|s|m|h))+$";

  @Test
  void theCrdIsNamespacedMigrationWithShortNameMig() {
    JsonNode spec = CRD.root().path("spec");

    assertThat(CRD.root().path("metadata").path("name").asText()).isEqualTo("migrations.cutover.dev");
    assertThat(spec.path("group").asText()).isEqualTo("cutover.dev");
    assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
    assertThat(spec.path("names").path("kind").asText()).isEqualTo("Migration");
    assertThat(spec.path("names").path("plural").asText()).isEqualTo("migrations");
    assertThat(texts(spec.path("names").path("shortNames"))).containsExactly("mig");
    assertThat(CRD.version().path("name").asText()).isEqualTo("v1alpha1");
    assertThat(CRD.version().path("served").asBoolean()).isTrue();
    assertThat(CRD.version().path("storage").asBoolean()).isTrue();
  }

  @Test
  void statusIsASubresource() {
    assertThat(CRD.version().path("subresources").path("status").isObject()).isTrue();
  }

  @Test
  void printerColumnsShowPhaseTargetStepReadVerifiedAndAge() {
    Map<String, String> paths = new java.util.LinkedHashMap<>();
    Map<String, String> types = new java.util.LinkedHashMap<>();
    for (JsonNode column : CRD.version().path("additionalPrinterColumns")) {
      paths.put(column.path("name").asText(), column.path("jsonPath").asText());
      types.put(column.path("name").asText(), column.path("type").asText());
    }

    assertThat(paths).containsOnly(
        Map.entry("Phase", ".status.phase"),
        Map.entry("Target", ".spec.phase"),
        Map.entry("Step", ".status.step"),
        Map.entry("Read%", ".status.readPercent"),
        Map.entry("Verified", ".status.conditions[?(@.type==\"Verified\")].status"),
        Map.entry("Age", ".metadata.creationTimestamp"));
    assertThat(types).containsEntry("Read%", "integer").containsEntry("Age", "date").containsEntry("Phase", "string");
  }

  @Test
  void enumsListTheAllowedValues() {
    assertThat(texts(CRD.schemaAt("spec.phase").path("enum"))).containsExactlyInAnyOrder("old", "shadow", "reverse-shadow", "new");
    assertThat(texts(CRD.schemaAt("spec.source.kind").path("enum"))).containsExactlyInAnyOrder("foundationdb", "postgres");
    assertThat(texts(CRD.schemaAt("spec.target.kind").path("enum"))).containsExactlyInAnyOrder("foundationdb", "postgres");
    assertThat(texts(CRD.schemaAt("spec.flags.format").path("enum"))).containsExactlyInAnyOrder("env", "flagd");
    assertThat(texts(CRD.schemaAt("spec.tables.[].foundationdb.value").path("enum"))).containsExactlyInAnyOrder("json", "tuple");
    assertThat(texts(CRD.schemaAt("spec.verification.mode").path("enum"))).containsExactlyInAnyOrder("full", "sample");
    assertThat(texts(CRD.schemaAt("spec.flags.restartWorkloads.[].kind").path("enum")))
        .containsExactlyInAnyOrder("Deployment", "StatefulSet");
    assertThat(texts(CRD.schemaAt("status.phase").path("enum"))).containsExactlyInAnyOrder("old", "shadow", "reverse-shadow", "new");
  }

  @Test
  void sqlIdentifiersHaveTheQuotedIdentifierPatternAndAtMost63Characters() {
    for (String path : List.of("spec.tables.[].name", "spec.tables.[].schema", "spec.tables.[].primaryKey.[]",
        "spec.tables.[].columns.[]", "spec.tables.[].foundationdb.key.[]", "spec.tables.[].foundationdb.valueColumns.[]")) {
      assertThat(CRD.schemaAt(path).path("pattern").asText()).as(path).isEqualTo(IDENTIFIER);
      assertThat(CRD.schemaAt(path).path("maxLength").asInt()).as(path).isEqualTo(63);
    }
  }

  @Test
  void durationsHaveTheDurationPatternAndADefault() {
    assertThat(CRD.schemaAt("spec.bake").path("pattern").asText()).isEqualTo(DURATION);
    assertThat(CRD.schemaAt("spec.readRamp.interval").path("pattern").asText()).isEqualTo(DURATION);
    assertThat(CRD.schemaAt("spec.verification.maxAge").path("pattern").asText()).isEqualTo(DURATION);
    assertThat(CRD.schemaAt("spec.bake").path("default").asText()).isEqualTo("0s");
    assertThat(CRD.schemaAt("spec.readRamp.interval").path("default").asText()).isEqualTo("10m");
    assertThat(CRD.schemaAt("spec.verification.maxAge").path("default").asText()).isEqualTo("24h");
  }

  @Test
  void requiredFieldsAreRequired() {
    assertThat(texts(CRD.schemaAt("spec").path("required")))
        .containsExactlyInAnyOrder("phase", "source", "target", "tables", "flags");
    assertThat(texts(CRD.schemaAt("spec.tables.[]").path("required"))).containsExactlyInAnyOrder("name", "primaryKey");
    assertThat(texts(CRD.schemaAt("spec.source").path("required"))).containsExactly("kind");
    assertThat(texts(CRD.schemaAt("spec.flags").path("required"))).containsExactly("configMap");
    assertThat(texts(CRD.schemaAt("spec.tables.[].foundationdb").path("required"))).containsExactlyInAnyOrder("keyPrefix", "key");
    assertThat(texts(CRD.schemaAt("spec.target.postgres.dsn.secretKeyRef").path("required"))).containsExactlyInAnyOrder("name", "key");
  }

  @Test
  void numbersAndListsAreBounded() {
    assertBounds("spec.backfill.parallelism", 1, 64);
    assertBounds("spec.backfill.batchSize", 1, 1_000_000);
    assertBounds("spec.backfill.maxAttempts", 1, 20);
    assertBounds("spec.verification.sampleRate", 0, 1);
    assertThat(CRD.schemaAt("spec.verification.sampleRate").path("exclusiveMinimum").asBoolean()).isTrue();
    assertThat(CRD.schemaAt("spec.tables").path("minItems").asInt()).isEqualTo(1);
    assertThat(CRD.schemaAt("spec.tables").path("maxItems").asInt()).isEqualTo(200);
    assertThat(CRD.schemaAt("spec.tables.[].primaryKey").path("minItems").asInt()).isEqualTo(1);
    assertThat(CRD.schemaAt("spec.tables.[].primaryKey").path("maxItems").asInt()).isEqualTo(32);
    assertThat(CRD.schemaAt("spec.tables.[].columns").path("maxItems").asInt()).isEqualTo(1000);
    assertThat(CRD.schemaAt("spec.readRamp.steps").path("maxItems").asInt()).isEqualTo(10);
  }

  @Test
  void defaultsArePresent() {
    assertThat(CRD.schemaAt("spec.paused").path("default").asBoolean(true)).isFalse();
    assertThat(CRD.schemaAt("spec.flags.format").path("default").asText()).isEqualTo("env");
    assertThat(CRD.schemaAt("spec.flags.keys.backend").path("default").asText()).isEqualTo("DATABASE_BACKEND");
    assertThat(CRD.schemaAt("spec.flags.keys.dualWrite").path("default").asText()).isEqualTo("FF_PG_DUAL_WRITE");
    assertThat(CRD.schemaAt("spec.flags.keys.readPercent").path("default").asText()).isEqualTo("FF_PG_READ_PERCENT");
    assertThat(CRD.schemaAt("spec.readRamp.steps").path("default").toString()).isEqualTo("[10,50,100]");
    assertThat(CRD.schemaAt("spec.backfill.parallelism").path("default").asInt()).isEqualTo(1);
    assertThat(CRD.schemaAt("spec.verification.mode").path("default").asText()).isEqualTo("full");
    assertThat(CRD.schemaAt("spec.verification.sampleRate").path("default").asDouble()).isEqualTo(0.01);
    assertThat(CRD.schemaAt("spec.tables.[].foundationdb.value").path("default").asText()).isEqualTo("json");
  }

  @Test
  void everyDefaultIsValidForItsOwnSchema() {
    List<String> invalid = new ArrayList<>();
    walk(CRD.openApiSchema(), "", (path, schema) -> {
      if (schema.has("default")) {
        OpenApiValidation.forSchema(schema).validate(schema.get("default"))
            .forEach(refusal -> invalid.add(path + ": " + refusal.message()));
      }
    });
    assertThat(invalid).as("the API server refuses a CRD whose defaults fail their own schema").isEmpty();
  }

  @Test
  void everyFieldHasADescription() {
    List<String> undescribed = new ArrayList<>();
    walk(CRD.openApiSchema(), "", (path, schema) -> {
      boolean isProperty = !path.endsWith("[]") && path.contains(".");
      if (isProperty && !schema.hasNonNull("description")) {
        undescribed.add(path);
      }
    });
    assertThat(undescribed)
        .as("fields without a schema description: give each the @JsonPropertyDescription of its Javadoc")
        .isEmpty();
  }

  @Test
  void theSchemaIsStructuralEveryNodeHasAType() {
    List<String> untyped = new ArrayList<>();
    walk(CRD.openApiSchema(), "", (path, schema) -> {
      boolean exempt = schema.path("x-kubernetes-int-or-string").asBoolean(false)
          || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      if (!exempt && !schema.hasNonNull("type")) {
        untyped.add(path);
      }
    });
    assertThat(untyped).isEmpty();
  }

  @Test
  void everyPatternCompilesInGoRe2AsWellAsJava() {
    List<String> problems = new ArrayList<>();
    walk(CRD.openApiSchema(), "", (path, schema) -> {
      if (schema.has("pattern")) {
        String pattern = schema.get("pattern").asText();
        java.util.regex.Pattern.compile(pattern);
        Re2Syntax.javaOnlyConstructs(pattern).forEach(p -> problems.add(path + ": " + p));
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void theOldUnicodeEscapeWouldHaveBeenCaught() {
    assertThat(Re2Syntax.javaOnlyConstructs("^[^\"\\u0000-\\u001f]{1,63}$")).hasSize(2);
    assertThat(Re2Syntax.javaOnlyConstructs("^(?!x)a++$")).hasSize(2);
    assertThat(Re2Syntax.javaOnlyConstructs(IDENTIFIER)).isEmpty();
  }

  @Test
  void everyRuleCompilesWithSelfTypedByItsSchema() {
    ApiServerAdmission admission = new ApiServerAdmission(CRD);

    assertThat(admission.ruleCompileErrors()).isEmpty();
    assertThat(admission.ruleSites()).extracting(RuleSite::location).contains(
        "spec", "spec.source", "spec.target", "spec.readRamp", "spec.tables[*]", "spec.tables[*].foundationdb");
  }

  @Test
  void everyRuleFieldPathNamesAFieldOfItsNode() {
    for (RuleSite site : new ApiServerAdmission(CRD).ruleSites()) {
      JsonNode node = site.schema();
      for (String part : site.fieldPath().isEmpty() ? new String[0] : site.fieldPath().substring(1).split("\\.")) {
        node = node.path("properties").path(part);
      }
      assertThat(node.isMissingNode()).as("fieldPath %s of %s", site.fieldPath(), site).isFalse();
      assertThat(site.message()).as("message of %s", site).isNotBlank();
    }
  }

  private static void assertBounds(String path, double min, double max) {
    assertThat(CRD.schemaAt(path).path("minimum").asDouble()).as(path).isEqualTo(min);
    assertThat(CRD.schemaAt(path).path("maximum").asDouble()).as(path).isEqualTo(max);
  }

  /** Visits every schema node with a path such as spec.tables[].name. */
  static void walk(JsonNode schema, String path, BiConsumer<String, JsonNode> visitor) {
    visitor.accept(path, schema);
    schema.path("properties").properties().forEach(p ->
        walk(p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), visitor));
    if (schema.path("items").isObject()) {
      walk(schema.get("items"), path + "[]", visitor);
    }
    if (schema.path("additionalProperties").isObject()) {
      walk(schema.get("additionalProperties"), path + "{}", visitor);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
