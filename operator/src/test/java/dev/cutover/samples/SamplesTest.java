package dev.cutover.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.api.ManifestFiles;
import dev.cutover.api.Migration;
import dev.cutover.api.RepoPaths;
import dev.cutover.crd.ApiServerAdmission;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The samples a newcomer applies: valid for the CRD, consistent with each other, no real secrets. */
class SamplesTest {
  private static final List<String> TEAELEPHANT_TABLES = List.of("users", "tag_categories", "tags", "teas",
      "tea_tags", "qr_records", "collections", "collection_qr_items", "devices", "notifications", "consumptions");
  private static final ApiServerAdmission API_SERVER = ApiServerAdmission.ofCheckedInCrd();

  @Test
  void theSamplesAreTheMigrationsFlagsAndSecretTemplates() {
    assertThat(ManifestFiles.in("samples")).extracting(p -> p.getFileName().toString()).contains(
        "teaelephant-fdb-to-postgres.yaml", "postgres-to-postgres.yaml", "flags-configmap.yaml", "secrets.example.yaml");
  }

  @Test
  void everySampleDocumentIsANamespacedObject() {
    for (Path file : ManifestFiles.in("samples")) {
      assertThat(ManifestFiles.documents(file)).as(file.toString()).isNotEmpty().allSatisfy(document -> {
        assertThat(document.path("apiVersion").asText()).isNotBlank();
        assertThat(document.path("kind").asText()).isNotBlank();
        assertThat(document.at("/metadata/name").asText()).isNotBlank();
        assertThat(document.at("/metadata/namespace").asText()).isNotBlank();
      });
    }
  }

  @Test
  void everySampleMigrationIsAcceptedByTheCheckedInCrd() {
    List<JsonNode> migrations = migrations();

    assertThat(migrations).hasSize(2);
    for (JsonNode migration : migrations) {
      assertThat(API_SERVER.admit(migration).refusals()).as(name(migration)).isEmpty();
    }
  }

  @Test
  void everySampleMigrationReadsIntoTheJavaApi() {
    for (JsonNode migration : migrations()) {
      Migration read = Serialization.unmarshal(migration.toString(), Migration.class);
      assertThat(read.getSpec().tables).extracting(t -> t.name).containsExactlyElementsOf(TEAELEPHANT_TABLES);
    }
  }

  @Test
  void theFoundationDbSampleCopiesTheElevenTablesInForeignKeyOrderWithTheirKeyLayout() {
    JsonNode spec = migration("teaelephant").path("spec");

    assertThat(spec.at("/source/kind").asText()).isEqualTo("foundationdb");
    assertThat(spec.at("/target/kind").asText()).isEqualTo("postgres");
    assertThat(spec.path("tables")).extracting(t -> t.path("name").asText()).containsExactlyElementsOf(TEAELEPHANT_TABLES);
    for (JsonNode table : spec.path("tables")) {
      JsonNode layout = table.path("foundationdb");
      assertThat(layout.path("keyPrefix")).as(table.toString()).isNotEmpty();
      assertThat(layout.path("key")).as(table.toString()).isEqualTo(table.path("primaryKey"));
      assertThat(layout.path("value").asText()).isIn("json", "tuple");
    }
    assertThat(spec.path("tables")).filteredOn(t -> t.at("/foundationdb/value").asText().equals("tuple"))
        .extracting(t -> t.path("name").asText()).containsExactly("tea_tags", "collection_qr_items");
  }

  @Test
  void thePostgresSampleMovesTheSameTablesBetweenTwoPostgresDatabases() {
    JsonNode spec = migration("teaelephant-pg").path("spec");

    assertThat(spec.at("/source/kind").asText()).isEqualTo("postgres");
    assertThat(spec.at("/source/postgres/dsn/secretKeyRef/name").asText())
        .isNotEqualTo(spec.at("/target/postgres/dsn/secretKeyRef/name").asText());
    assertThat(spec.path("tables")).extracting(t -> t.path("name").asText()).containsExactlyElementsOf(TEAELEPHANT_TABLES);
  }

  @Test
  void everySecretAndConfigMapAMigrationNamesIsInTheSamplesWithItsKey() {
    for (JsonNode migration : migrations()) {
      String namespace = migration.at("/metadata/namespace").asText();
      List<JsonNode> references = new ArrayList<>();
      migration.findParents("secretKeyRef").forEach(p -> references.add(p.get("secretKeyRef")));
      assertThat(references).as(name(migration)).isNotEmpty();
      for (JsonNode ref : references) {
        JsonNode secret = find("Secret", namespace, ref.path("name").asText())
            .orElseThrow(() -> new AssertionError(name(migration) + " names Secret " + ref + " that no sample defines"));
        assertThat(secret.path("stringData").has(ref.path("key").asText())).as(ref.toString()).isTrue();
      }
      for (JsonNode ref : migration.findValues("configMapKeyRef")) {
        JsonNode configMap = find("ConfigMap", namespace, ref.path("name").asText())
            .orElseThrow(() -> new AssertionError(name(migration) + " names ConfigMap " + ref + " that no sample defines"));
        assertThat(configMap.path("data").has(ref.path("key").asText())).as(ref.toString()).isTrue();
      }
    }
  }

  @Test
  void theFlagsConfigMapsAreInTheOldPhaseAndHoldOtherApplicationKeys() {
    for (JsonNode migration : migrations()) {
      JsonNode stored = API_SERVER.admit(migration).stored();
      String namespace = migration.at("/metadata/namespace").asText();
      JsonNode data = find("ConfigMap", namespace, stored.at("/spec/flags/configMap").asText())
          .orElseThrow(() -> new AssertionError("no flags ConfigMap for " + name(migration)))
          .path("data");
      String source = migration.at("/spec/flags/backendValues/source").asText();

      assertThat(data.path("DATABASE_BACKEND").asText()).as(name(migration)).isEqualTo(source);
      assertThat(data.path("FF_PG_DUAL_WRITE").asText()).isEqualTo("false");
      assertThat(data.path("FF_PG_READ_PERCENT").asText()).isEqualTo("0");
      assertThat(data.size()).as("keys the operator does not own").isGreaterThan(3);
    }
  }

  @Test
  void theSecretTemplatesHoldOnlyMarkedPlaceholders() throws IOException {
    Path file = RepoPaths.root().resolve("samples/secrets.example.yaml");
    List<JsonNode> secrets = ManifestFiles.documents(file);

    assertThat(Files.readString(file)).startsWith("# EXAMPLE ONLY - PLACEHOLDER VALUES");
    assertThat(secrets).hasSize(3).allSatisfy(secret -> {
      assertThat(secret.path("kind").asText()).isEqualTo("Secret");
      assertThat(secret.has("data")).as("base64 data hides what the value is").isFalse();
      secret.path("stringData").forEach(value -> assertThat(value.asText()).contains("REPLACE_ME"));
    });
    assertThat(ManifestFiles.ofKind("samples", "Secret")).hasSize(3);
  }

  private static List<JsonNode> migrations() {
    return ManifestFiles.ofKind("samples", "Migration");
  }

  private static JsonNode migration(String name) {
    return migrations().stream().filter(m -> m.at("/metadata/name").asText().equals(name)).findFirst().orElseThrow();
  }

  private static Optional<JsonNode> find(String kind, String namespace, String name) {
    return ManifestFiles.ofKind("samples", kind).stream()
        .filter(d -> d.at("/metadata/namespace").asText().equals(namespace) && d.at("/metadata/name").asText().equals(name))
        .findFirst();
  }

  private static String name(JsonNode object) {
    return object.at("/metadata/namespace").asText() + "/" + object.at("/metadata/name").asText();
  }
}
