package dev.cutover.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.MigrationSpec;
import dev.cutover.crd.ApiServerAdmission.Verdict;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Migrations sent to an API server that has the checked-in CRD: its schema and its CEL rules, not
 * the Java classes, decide. Each refusal is checked for the field and the message a user sees.
 */
class MigrationAdmissionTest {
  private static final ApiServerAdmission API_SERVER = ApiServerAdmission.ofCheckedInCrd();

  static final String STEPS_RANGE = "readRamp.steps must each be between 1 and 100 (percent of reads)";
  static final String STEPS_ASCENDING = "readRamp.steps must be strictly ascending, such as [10, 50, 100]";
  static final String STEPS_END = "readRamp.steps must end at 100: reverse-shadow serves every read from the target";
  static final String PRIMARY_KEY = "every table needs a primaryKey: rows are copied, checkpointed and compared by it";
  static final String IDENTIFIER = "should match '^[^\"\\x00-\\x1f\\x7f]{1,63}$'";
  static final String DURATION = "should match '^([0-9]{1,9}(ms|s|m|h))+$'";

  @Test
  void aMinimalMigrationIsAcceptedAndDefaulted() {
    Verdict verdict = API_SERVER.admit(Manifest.minimal().json());

    assertThat(verdict.refusals()).isEmpty();
    assertThat(verdict.stored().at("/spec/bake").asText()).isEqualTo("0s");
    assertThat(verdict.stored().at("/spec/paused").asBoolean(true)).isFalse();
    assertThat(verdict.stored().at("/spec/flags/format").asText()).isEqualTo("env");
    // Without spec.sequences the operator's own default applies (MigrationSpec.sequences).
    assertThat(API_SERVER.admit(Manifest.minimal().set("spec.sequences", "{}").json()).stored()
        .at("/spec/sequences/headroom").asLong()).as("set by the API server's default").isEqualTo(10000);
  }

  @Test
  void aMigrationSettingEveryFieldIsAccepted() {
    assertThat(API_SERVER.admit(Manifest.full().json()).refusals()).isEmpty();
  }

  @Test
  void theFullMigrationReallySetsEverySpecFieldOfTheSchema() {
    java.util.Set<String> schemaFields = new java.util.TreeSet<>();
    CrdSchemaTest.walk(API_SERVER.crd().schemaAt("spec"), "spec", (path, schema) -> schemaFields.add(path));
    schemaFields.removeIf(path -> path.startsWith("spec.backfill.template."));
    java.util.Set<String> setFields = new java.util.TreeSet<>();
    collect(Manifest.full().json().path("spec"), "spec", setFields);

    assertThat(setFields).containsAll(schemaFields);
  }

  private static void collect(com.fasterxml.jackson.databind.JsonNode node, String path, java.util.Set<String> paths) {
    paths.add(path);
    if (node.isObject()) {
      node.properties().forEach(p -> collect(p.getValue(), path + "." + p.getKey(), paths));
    } else if (node.isArray()) {
      node.forEach(item -> collect(item, path + "[]", paths));
    }
  }

  @Test
  void defaultsInsideAGivenBlockAreFilledIn() {
    Verdict verdict = API_SERVER.admit(Manifest.minimal().set("spec.readRamp", "{verifyEachStep: true}").json());

    assertThat(verdict.refusals()).isEmpty();
    assertThat(verdict.stored().at("/spec/readRamp/steps").toString()).isEqualTo("[10,50,100]");
    assertThat(verdict.stored().at("/spec/readRamp/interval").asText()).isEqualTo("10m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Orders", "order items", "Bestellungen_Übersicht", "заказы", "注文", "a.b-c$d", "x"})
  void identifiersPostgresTakesWhenQuotedAreAccepted(String identifier) {
    Manifest manifest = Manifest.minimal()
        .setText("spec.tables[0].name", identifier)
        .setText("spec.tables[0].schema", identifier)
        .setText("spec.tables[0].primaryKey[0]", identifier)
        .set("spec.tables[0].columns", "[]")
        .setText("spec.tables[0].columns[0]", identifier);

    assertThat(API_SERVER.admit(manifest.json()).refusals()).isEmpty();
  }

  @Test
  void emptyColumnsMeanEveryColumnAndAreAccepted() {
    assertThat(API_SERVER.admit(Manifest.minimal().set("spec.tables[0].columns", "[]").json()).refusals()).isEmpty();
  }

  @Test
  void theMostTablesAllowedWithDistinctNamesAreAccepted() {
    Manifest manifest = Manifest.minimal();
    for (int i = 1; i < MigrationSpec.MAX_TABLES; i++) {
      manifest.set("spec.tables[" + i + "]", "{name: table_" + i + ", primaryKey: [id]}");
    }
    assertThat(API_SERVER.admit(manifest.json()).refusals()).isEmpty();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        refusal("an unknown phase", Manifest.minimal().set("spec.phase", "sideways"),
            "spec.phase", "Unsupported value: \"sideways\": supported values: \"new\", \"old\", \"reverse-shadow\", \"shadow\""),
        refusal("a ramp out of order", Manifest.minimal().set("spec.readRamp.steps", "[50, 10, 100]"),
            "spec.readRamp.steps", STEPS_ASCENDING),
        refusal("a ramp repeating a step", Manifest.minimal().set("spec.readRamp.steps", "[10, 50, 50, 100]"),
            "spec.readRamp.steps", STEPS_ASCENDING),
        refusal("a ramp not ending at 100", Manifest.minimal().set("spec.readRamp.steps", "[10, 50, 90]"),
            "spec.readRamp.steps", STEPS_END),
        refusal("a ramp step of 0", Manifest.minimal().set("spec.readRamp.steps", "[0, 50, 100]"),
            "spec.readRamp.steps", STEPS_RANGE),
        refusal("a ramp step of 101", Manifest.minimal().set("spec.readRamp.steps", "[10, 101]"),
            "spec.readRamp.steps", STEPS_RANGE),
        refusal("an empty ramp", Manifest.minimal().set("spec.readRamp.steps", "[]"),
            "spec.readRamp.steps", "should have at least 1 items"),
        refusal("a table without primaryKey", Manifest.minimal().remove("spec.tables[0].primaryKey"),
            "spec.tables[0].primaryKey", "Required value"),
        refusal("a table with an empty primaryKey", Manifest.minimal().set("spec.tables[0].primaryKey", "[]"),
            "spec.tables[0].primaryKey", PRIMARY_KEY),
        refusal("a primaryKey column missing from columns",
            Manifest.minimal().set("spec.tables[0].columns", "[name, total]"),
            "spec.tables[0].columns", "every primaryKey column must also be listed in columns"),
        refusal("a table name with a double quote", Manifest.minimal().setText("spec.tables[0].name", "or\"ders"),
            "spec.tables[0].name", IDENTIFIER),
        refusal("a table name with a newline", Manifest.minimal().setText("spec.tables[0].name", "or\nders"),
            "spec.tables[0].name", IDENTIFIER),
        refusal("a schema with DEL", Manifest.minimal().setText("spec.tables[0].schema", "pub\u007flic"),
            "spec.tables[0].schema", IDENTIFIER),
        refusal("a column with a double quote",
            Manifest.minimal().set("spec.tables[0].columns", "[id]").setText("spec.tables[0].columns[0]", "id\" --"),
            "spec.tables[0].columns[0]", IDENTIFIER),
        refusal("a column with a NUL", Manifest.minimal().set("spec.tables[0].columns", "[id, x]")
                .setText("spec.tables[0].columns[1]", "x\u0000y"),
            "spec.tables[0].columns[1]", IDENTIFIER),
        refusal("a primary key with a double quote", Manifest.minimal().setText("spec.tables[0].primaryKey[0]", "\"id\""),
            "spec.tables[0].primaryKey[0]", IDENTIFIER),
        refusal("a primary key with a tab", Manifest.minimal().setText("spec.tables[0].primaryKey[0]", "i\td"),
            "spec.tables[0].primaryKey[0]", IDENTIFIER),
        refusal("an identifier longer than 63 characters", Manifest.minimal().setText("spec.tables[0].name", "t".repeat(64)),
            "spec.tables[0].name", "Too long: may not be more than 63"),
        refusal("a FoundationDB key column with a quote", Manifest.full().setText("spec.tables[0].foundationdb.key[0]", "i\"d"),
            "spec.tables[0].foundationdb.key[0]", IDENTIFIER),
        refusal("a FoundationDB key that is not the primary key", Manifest.full().set("spec.tables[0].foundationdb.key", "[name]"),
            "spec.tables[0].foundationdb.key", "foundationdb.key must name exactly the primaryKey columns"),
        refusal("a FoundationDB key with a column more than the primary key",
            Manifest.full().set("spec.tables[1].foundationdb.key", "[tea_id, tag_id, created_at]"),
            "spec.tables[1].foundationdb.key", "foundationdb.key must name exactly the primaryKey columns"),
        refusal("a FoundationDB source with a table lacking its key layout", Manifest.full().remove("spec.tables[1].foundationdb"),
            "spec.tables", "every table needs a foundationdb block (keyPrefix, key, value) when spec.source.kind is foundationdb"),
        refusal("source kind foundationdb without the foundationdb block", Manifest.full().remove("spec.source.foundationdb"),
            "spec.source", "the block named by kind must be set: kind foundationdb needs foundationdb.clusterFile, kind postgres needs postgres.dsn"),
        refusal("source kind postgres without the postgres block",
            Manifest.minimal().remove("spec.source.postgres"),
            "spec.source", "the block named by kind must be set"),
        refusal("target kind foundationdb", Manifest.full().set("spec.target.kind", "foundationdb"),
            "spec.target.kind", "spec.target.kind must be postgres: Cutover migrates into PostgreSQL"),
        refusal("an unknown source kind", Manifest.minimal().set("spec.source.kind", "mysql"),
            "spec.source.kind", "Unsupported value: \"mysql\""),
        refusal("a tuple value without valueColumns", Manifest.full().remove("spec.tables[1].foundationdb.valueColumns"),
            "spec.tables[1].foundationdb.valueColumns", "value: tuple needs valueColumns, the columns the tuple elements map to in order"),
        refusal("a tuple value with empty valueColumns", Manifest.full().set("spec.tables[1].foundationdb.valueColumns", "[]"),
            "spec.tables[1].foundationdb.valueColumns", "value: tuple needs valueColumns"),
        refusal("an unknown value encoding", Manifest.full().set("spec.tables[0].foundationdb.value", "protobuf"),
            "spec.tables[0].foundationdb.value", "Unsupported value: \"protobuf\""),
        refusal("a bake in days", Manifest.minimal().set("spec.bake", "1d"), "spec.bake", DURATION),
        refusal("a bake without a unit", Manifest.minimal().set("spec.bake", "\"3600\""), "spec.bake", DURATION),
        refusal("a negative maxAge", Manifest.minimal().set("spec.verification.maxAge", "-1h"),
            "spec.verification.maxAge", DURATION),
        refusal("an interval in words", Manifest.minimal().set("spec.readRamp.interval", "ten minutes"),
            "spec.readRamp.interval", DURATION),
        refusal("an empty interval", Manifest.minimal().set("spec.readRamp.interval", "\"\""),
            "spec.readRamp.interval", DURATION),
        refusal("a sampleRate of 0", Manifest.minimal().set("spec.verification.sampleRate", "0"),
            "spec.verification.sampleRate", "should be greater than 0"),
        refusal("a sampleRate above 1", Manifest.minimal().set("spec.verification.sampleRate", "1.5"),
            "spec.verification.sampleRate", "should be less than or equal to 1"),
        refusal("a negative sequences headroom", Manifest.minimal().set("spec.sequences", "{headroom: -1}"),
            "spec.sequences.headroom", "should be greater than or equal to 0"),
        refusal("a parallelism of 0", Manifest.minimal().set("spec.backfill.parallelism", "0"),
            "spec.backfill.parallelism", "should be greater than or equal to 1"),
        refusal("a parallelism above 64", Manifest.minimal().set("spec.backfill.parallelism", "65"),
            "spec.backfill.parallelism", "should be less than or equal to 64"),
        refusal("a parallelism that is not a number", Manifest.minimal().set("spec.backfill.parallelism", "four"),
            "spec.backfill.parallelism", "must be of type integer"),
        refusal("an unknown flags format", Manifest.minimal().set("spec.flags.format", "yaml"),
            "spec.flags.format", "Unsupported value: \"yaml\": supported values: \"env\", \"flagd\""),
        refusal("a ConfigMap name that is not a DNS name", Manifest.minimal().set("spec.flags.configMap", "Shop_Flags"),
            "spec.flags.configMap", "should match"),
        refusal("a flag key with a slash", Manifest.minimal().set("spec.flags.keys", "{backend: a/b}"),
            "spec.flags.keys.backend", "should match"),
        refusal("a workload of an unknown kind", Manifest.minimal().set("spec.flags.restartWorkloads", "[{kind: DaemonSet, name: s}]"),
            "spec.flags.restartWorkloads[0].kind", "Unsupported value: \"DaemonSet\""),
        refusal("a Secret reference without a name",
            Manifest.minimal().remove("spec.target.postgres.dsn.secretKeyRef.name"),
            "spec.target.postgres.dsn.secretKeyRef.name", "Required value"),
        refusal("a table listed twice", Manifest.minimal().set("spec.tables[1]", "{name: orders, primaryKey: [id]}"),
            "spec.tables", "each table may be listed only once (same schema and name)"),
        refusal("a field the schema does not know", Manifest.minimal().set("spec.tables[0].colums", "[id]"),
            "spec.tables[0].colums", "unknown field \"spec.tables[0].colums\""),
        refusal("no tables", Manifest.minimal().set("spec.tables", "[]"),
            "spec.tables", "should have at least 1 items"),
        refusal("no phase", Manifest.minimal().remove("spec.phase"), "spec.phase", "Required value"));
  }

  private static Arguments refusal(String what, Manifest manifest, String field, String message) {
    return Arguments.of(what, manifest, field, message);
  }

  @ParameterizedTest(name = "{0} is refused")
  @MethodSource("refused")
  void badSpecsAreRefusedWithTheFieldAndMessage(String what, Manifest manifest, String field, String message) {
    Verdict verdict = API_SERVER.admit(manifest.json());

    assertThat(verdict.refusals())
        .as("%s: %s", what, verdict)
        .anySatisfy(refusal -> {
          assertThat(refusal.field()).isEqualTo(field);
          assertThat(refusal.message()).contains(message);
        });
  }

  @Test
  void aBlockingSchemaErrorKeepsTheRulesFromRunningAsOnTheApiServer() {
    Verdict verdict = API_SERVER.admit(Manifest.minimal()
        .set("spec.phase", "sideways")
        .set("spec.readRamp.steps", "[50, 10]").json());

    assertThat(verdict.rulesSkipped()).isTrue();
    assertThat(verdict.refusals()).extracting(Refusal::field).containsExactly("spec.phase");
  }

  @Test
  void aNonBlockingSchemaErrorStillRunsTheRules() {
    Verdict verdict = API_SERVER.admit(Manifest.minimal()
        .set("spec.bake", "1d")
        .set("spec.readRamp.steps", "[50, 10, 100]").json());

    assertThat(verdict.rulesSkipped()).isFalse();
    assertThat(verdict.refusals()).extracting(Refusal::message).contains(STEPS_ASCENDING);
  }

  @Test
  void theRuleOnEachTableNamesTheTableAtFault() {
    Verdict verdict = API_SERVER.admit(Manifest.minimal()
        .set("spec.tables[1]", "{name: lines, primaryKey: [id], columns: [total]}")
        .set("spec.tables[2]", "{name: items, primaryKey: [id], columns: [id]}").json());

    assertThat(verdict.refusals()).extracting(Refusal::field).containsExactly("spec.tables[1].columns");
  }
}
