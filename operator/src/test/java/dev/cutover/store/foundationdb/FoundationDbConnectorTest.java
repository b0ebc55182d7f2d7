package dev.cutover.store.foundationdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDBException;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.MigrationSpec;
import dev.cutover.api.StoreKind;
import dev.cutover.api.TableSpec;
import dev.cutover.store.Retry;
import dev.cutover.store.StoreException;
import dev.cutover.worker.RowSources;
import java.time.Duration;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a cluster without the native client library: never calls fdb-java's FDB class (there is
 * no libfdb_c here), only the code around it.
 */
class FoundationDbConnectorTest {
  private static final String SECRET = "prod:Q8mBx2secretid@10.1.2.3:4500";

  @TempDir
  Path dir;

  private Map<String, String> envWithClusterFile() throws Exception {
    Path clusterFile = Files.writeString(dir.resolve("fdb.cluster"), SECRET + "\n");
    return Map.of(CutoverConstants.ENV_FDB_CLUSTER_FILE, clusterFile.toString());
  }

  private static StoreException.Kind kind(Throwable e) {
    return ((StoreException) e).kind();
  }

  @Test
  void opensTheClusterFileNamedByTheEnvironment() throws Exception {
    Map<String, String> env = envWithClusterFile();
    AtomicReference<String> opened = new AtomicReference<>();
    Database database = (Database) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Database.class},
        (proxy, method, args) -> null);
    assertThat(FoundationDbConnector.open(env, path -> {
      opened.set(path);
      return database;
    })).isSameAs(database);
    assertThat(opened.get()).isEqualTo(env.get(CutoverConstants.ENV_FDB_CLUSTER_FILE));
  }

  @Test
  void aMissingClientLibraryIsUnavailableWithInstallAdviceAndNoClusterFileContents() throws Exception {
    Map<String, String> env = envWithClusterFile();
    assertThatThrownBy(() -> FoundationDbConnector.open(env, path -> {
      throw new UnsatisfiedLinkError("no fdb_c in java.library.path");
    }))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(StoreException.Kind.UNAVAILABLE))
        .hasMessageContaining("libfdb_c is not installed")
        .hasMessageContaining("foundationdb-clients")
        .message().doesNotContain("Q8mBx2secretid");
    assertThatThrownBy(() -> FoundationDbConnector.open(env, path -> {
      throw new ExceptionInInitializerError("static init of FDB failed");
    })).hasMessageContaining("libfdb_c is not installed");
  }

  @Test
  void aClusterFileTheClientRejectsIsUnavailableNamingThePathOnly() throws Exception {
    Map<String, String> env = envWithClusterFile();
    assertThatThrownBy(() -> FoundationDbConnector.open(env, path -> {
      throw new FDBException("Connection string invalid", 2104);
    }))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(StoreException.Kind.UNAVAILABLE))
        .hasMessageContaining(env.get(CutoverConstants.ENV_FDB_CLUSTER_FILE))
        .hasMessageContaining("2104")
        .message().doesNotContain("Q8mBx2secretid");
  }

  @Test
  void aMissingOrUnsetClusterFileIsBadInput() {
    assertThatThrownBy(() -> FoundationDbConnector.open(Map.of(), path -> null))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(StoreException.Kind.BAD_INPUT))
        .hasMessageContaining("CUTOVER_FDB_CLUSTER_FILE is not set");
    String missing = dir.resolve("absent.cluster").toString();
    assertThatThrownBy(() -> FoundationDbConnector.open(Map.of(CutoverConstants.ENV_FDB_CLUSTER_FILE, missing), path -> null))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(StoreException.Kind.BAD_INPUT))
        .hasMessageContaining(missing).hasMessageContaining("does not exist or is not readable");
  }

  @Test
  void openingARowSourceChecksTheSpecBeforeConnecting() {
    MigrationSpec spec = new MigrationSpec();
    spec.source.kind = StoreKind.POSTGRES;
    assertThatThrownBy(() -> FoundationDbRowSource.open(spec, Map.of()))
        .hasMessageContaining("spec.source.kind is not foundationdb");

    spec.source.kind = StoreKind.FOUNDATIONDB;
    TableSpec plain = new TableSpec();
    plain.name = "orders";
    spec.tables = List.of(plain);
    assertThatThrownBy(() -> FoundationDbRowSource.open(spec, Map.of()))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(StoreException.Kind.BAD_INPUT))
        .hasMessageContaining("table orders has no foundationdb block");

    spec.tables = List.of(FoundationDbRowSourceTest.ordersSpec());
    spec.tables.get(0).foundationdb.keyPrefix = List.of("bytes:xyz");
    assertThatThrownBy(() -> FoundationDbRowSource.open(spec, Map.of()))
        .hasMessageContaining("keyPrefix[0] 'bytes:xyz'");

    spec.tables = List.of(FoundationDbRowSourceTest.ordersSpec());
    assertThatThrownBy(() -> FoundationDbRowSource.open(spec, Map.of()))
        .hasMessageContaining("CUTOVER_FDB_CLUSTER_FILE is not set");
  }

  @Test
  void theWorkerOpensAFoundationDbSourceForAFoundationDbSpec() {
    MigrationSpec spec = new MigrationSpec();
    spec.source.kind = StoreKind.FOUNDATIONDB;
    spec.tables = List.of(FoundationDbRowSourceTest.ordersSpec());
    assertThatThrownBy(() -> RowSources.openSource(spec, Map.of(), new Retry(1, Duration.ZERO, Duration.ZERO)))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(StoreException.Kind.BAD_INPUT))
        .hasMessageContaining("CUTOVER_FDB_CLUSTER_FILE is not set");
  }
}
