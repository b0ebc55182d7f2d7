package dev.cutover.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.StoreKind;
import dev.cutover.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationManifestTest {
  private static final String HEAD = """
      apiVersion: cutover.dev/v1alpha1
      kind: Migration
      metadata: {name: teaelephant, namespace: prod}
      """;
  private static final String PG_SOURCE = """
      spec:
        source: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: old, key: dsn}}}}
        target: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: new, key: dsn}}}}
        flags: {configMap: flags}
      """;

  @Test
  void readsNameSpecAndTablesIgnoringStatusAndUnknownFields() throws Exception {
    MigrationManifest manifest = MigrationManifest.parse(HEAD + PG_SOURCE + """
          backfill: {batchSize: 250, parallelism: 4, template: {spec: {containers: [{name: own, image: x}]}}}
          futureField: 1
          tables:
          - {name: Tées, schema: Tea Shop, primaryKey: [id], columns: [id, name]}
        status: {phase: shadow}
        """, "m.yaml");
    assertThat(manifest.name()).isEqualTo("teaelephant");
    assertThat(manifest.namespace()).isEqualTo("prod");
    assertThat(manifest.spec().source.kind).isEqualTo(StoreKind.POSTGRES);
    assertThat(manifest.spec().backfill.batchSize).isEqualTo(250);
    assertThat(manifest.spec().tables.get(0).schemaOrDefault()).isEqualTo("Tea Shop");
  }

  @Test
  void loadsFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("migration.yaml");
    Files.writeString(file, HEAD + PG_SOURCE + "  tables: [{name: teas, primaryKey: [id]}]\n");
    assertThat(MigrationManifest.load(file).spec().tables).hasSize(1);
    assertThatThrownBy(() -> MigrationManifest.load(dir.resolve("missing.yaml")))
        .hasMessageContaining("the manifest").hasMessageContaining("missing.yaml does not exist");
  }

  @Test
  void refusesOtherKindsAndVersions() {
    assertThat(problem("apiVersion: v1\nkind: ConfigMap\n")).isEqualTo("m.yaml is not a Migration: kind ConfigMap");
    assertThat(problem("apiVersion: v1\n")).isEqualTo("m.yaml is not a Migration: kind (missing)");
    assertThat(problem("- a list\n")).contains("not a YAML mapping");
    assertThat(problem("kind: Migration\napiVersion: cutover.dev/v2\n")).contains("apiVersion cutover.dev/v2");
    assertThat(problem("kind: [unclosed\n")).contains("not valid YAML");
  }

  @Test
  void namesTheFieldAtFault() {
    assertThat(problem(HEAD + PG_SOURCE + """
          tables:
          - {name: a, primaryKey: [id]}
          - {name: b, primaryKey: [id]}
          - {name: c}
        """)).contains("spec.tables[2].primaryKey is missing");
    assertThat(problem(HEAD + PG_SOURCE + "  tables: [{name: 'bad\"name', primaryKey: [id]}]\n"))
        .contains("spec.tables[0].name is not a valid SQL identifier");
    assertThat(problem(HEAD + PG_SOURCE + "  tables: [{name: t, primaryKey: [id], columns: [name]}]\n"))
        .contains("spec.tables[0].columns must include the primaryKey column id");
    assertThat(problem(HEAD + PG_SOURCE + "  tables: [{name: t, primaryKey: [id]}, {name: t, primaryKey: [id]}]\n"))
        .contains("spec.tables[1] lists table public.t a second time");
    assertThat(problem(HEAD + PG_SOURCE + "  tables: []\n")).contains("spec.tables is empty");
    assertThat(problem(HEAD + PG_SOURCE + "  tables: [{name: t, primaryKey: {id: 1}}]\n"))
        .contains("spec.tables[0].primaryKey");
    assertThat(problem(HEAD + "spec:\n  source: {kind: mysql}\n")).contains("spec.source.kind");
  }

  @Test
  void checksTheStoreBlocksTheWorkerRelieson() {
    assertThat(problem(HEAD + """
        spec:
          source: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: a, key: b}}}}
          target: {kind: foundationdb}
          tables: [{name: t, primaryKey: [id]}]
        """)).contains("spec.target.kind must be postgres");
    assertThat(problem(HEAD + """
        spec:
          source: {kind: postgres}
          target: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: a, key: b}}}}
          tables: [{name: t, primaryKey: [id]}]
        """)).contains("spec.source.postgres is missing");
    assertThat(problem(HEAD + """
        spec:
          source: {kind: foundationdb, foundationdb: {clusterFile: {configMapKeyRef: {name: fdb, key: c}}}}
          target: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: a, key: b}}}}
          tables: [{name: t, primaryKey: [id]}]
        """)).contains("spec.tables[0].foundationdb is missing");
  }

  @Test
  void aMissingNameIsRefusedBecauseCheckpointsAreKeptUnderIt() {
    assertThat(problem("apiVersion: cutover.dev/v1alpha1\nkind: Migration\nmetadata: {}\n" + PG_SOURCE))
        .contains("metadata.name is missing");
  }

  private static String problem(String yaml) {
    try {
      MigrationManifest.parse(yaml, "m.yaml");
      throw new AssertionError("accepted:\n" + yaml);
    } catch (StoreException e) {
      assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_INPUT);
      return e.getMessage();
    }
  }
}
