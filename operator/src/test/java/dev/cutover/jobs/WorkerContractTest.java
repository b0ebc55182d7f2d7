package dev.cutover.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.api.Migration;
import dev.cutover.api.WorkerExit;
import dev.cutover.store.StoreException;
import dev.cutover.worker.CommandRunner;
import dev.cutover.worker.MigrationManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract between the operator and the worker, written by one side and read by the other: the
 * manifest a Job mounts, and the exit code a worker pod ends with.
 */
class WorkerContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aPostgresMigrationWrittenForAJobReadsBackWithTheSameNameNamespaceAndSpec() throws Exception {
    roundTrip(TestMigrations.postgres("prod", "tea"));
  }

  @Test
  void aFoundationDbMigrationWrittenForAJobReadsBackWithTheSameSpec() throws Exception {
    roundTrip(TestMigrations.foundationDb("prod", "tea-fdb"));
  }

  private static void roundTrip(Migration migration) throws Exception {
    MigrationManifest read = MigrationManifest.parse(MigrationManifest.yaml(migration), "job.yaml");

    assertThat(read.name()).isEqualTo(migration.getMetadata().getName());
    assertThat(read.namespace()).isEqualTo(migration.getMetadata().getNamespace());
    assertThat(tree(read.spec())).isEqualTo(tree(migration.getSpec()));
  }

  /** The spec as JSON, without the pod template: the worker does not read it, on purpose. */
  private static JsonNode tree(Object spec) {
    ObjectNode node = JSON.valueToTree(spec);
    if (node.get("backfill") instanceof ObjectNode backfill) {
      backfill.remove("template");
    }
    return node;
  }

  @ParameterizedTest
  @EnumSource(StoreException.Kind.class)
  void aWorkerFailingWithAStoreErrorExitsWithTheCodeTheOperatorReadsAsThatKind(StoreException.Kind kind) {
    int code = CommandRunner.execute("verify", null, Map.of(), new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), result -> {
          throw new StoreException(kind, "the store at fault");
        });

    assertThat(WorkerExit.of(code)).contains(kind.exit());
  }

  @Test
  void everyExitCodeOfTheContractReadsBackAsItselfAndNothingElseIsOne() {
    for (WorkerExit exit : WorkerExit.values()) {
      assertThat(WorkerExit.of(exit.code())).contains(exit);
    }
    assertThat(WorkerExit.values()).extracting(WorkerExit::code).containsExactly(0, 1, 2, 3);
    assertThat(WorkerExit.of(137)).isEmpty();
    assertThat(WorkerExit.of(null)).isEqualTo(Optional.empty());
    assertThat(CommandRunner.execute("backfill", (Path) null, Map.of(), System.err, result -> { }))
        .isEqualTo(WorkerExit.OK.code());
  }
}
