package dev.cutover.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import dev.cutover.api.FoundationDbTableSpec;
import dev.cutover.api.FoundationDbValueFormat;
import dev.cutover.api.TableSpec;
import dev.cutover.api.TableVerification;
import dev.cutover.store.KeyRange;
import dev.cutover.store.Retry;
import dev.cutover.store.TableShape;
import dev.cutover.store.foundationdb.FoundationDbRowSource;
import dev.cutover.store.foundationdb.InMemoryFdb;
import dev.cutover.store.foundationdb.ScanSettings;
import dev.cutover.store.postgres.PostgresConnector;
import dev.cutover.store.postgres.PostgresDsn;
import dev.cutover.store.postgres.PostgresRowRewriter;
import dev.cutover.store.postgres.PostgresRowSource;
import dev.cutover.store.postgres.PostgresRowsByKey;
import dev.cutover.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A FoundationDB source (fdb-java's tuple layer over the in-memory double of its read transaction)
 * against a real PostgreSQL target: the text the FoundationDB layout renders and the text
 * PostgreSQL prints for the same values must meet in the canonical encoding, whatever the key
 * order of each store, and a repair must read the FoundationDB rows by key.
 */
class FoundationDbVerifyTest {
  private static final Retry FAST = new Retry(2, Duration.ofMillis(5), Duration.ofMillis(10));
  private static final Subspace ITEMS = new Subspace(Tuple.from("app", "order items"));
  private static final int ROWS = 600;
  private static final String COLUMNS = "region, id, qty, price, ratio, r, ok, note, raw, ref, day, at, local,"
      + " tags, matrix, doc, j, c";

  private final TestPostgres.Database target = TestPostgres.createDatabase("fdb_verify");
  private final InMemoryFdb.SimulatedTicker clock = new InMemoryFdb.SimulatedTicker();
  private final InMemoryFdb fdb = new InMemoryFdb(clock);
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private LiveWritesVerifyTest.RoundHook confirmationHook = round -> { };

  @BeforeEach
  void rows() throws Exception {
    target.execute("CREATE TABLE \"Order Items\" (region text, id bigint, qty integer, price numeric(12,2),"
        + " ratio double precision, r real, ok boolean, note varchar(10), raw bytea, ref uuid, day date,"
        + " at timestamptz, local timestamp, tags text[], matrix integer[], doc jsonb, j json, c char(4),"
        + " PRIMARY KEY (region, id))");
    for (int i = 0; i < ROWS; i++) {
      String region = i % 3 == 0 ? "eu" : i % 3 == 1 ? "Us" : "ünï";
      String json = """
          {"qty": %d, "price": %d.5, "ratio": %s, "r": 0.1, "ok": %b, "note": "n%d", "raw": "%s", "ref": "%s",
           "day": "2024-02-29", "at": "2024-01-31T10:00:00.5+02:00", "local": 1706695200123,
           "tags": ["a,b", "q\\"u", null, "NULL", ""], "matrix": [[1, 2], [3, %d]],
           "doc": {"z": {"k": [1.50, "x"]}, "a": %d}, "j": {"b": 1, "a": [true]}, "c": "ab"}"""
          .formatted(i, i, i / 7.0, i % 2 == 0, i,
              Base64.getEncoder().encodeToString(new byte[] {(byte) i, 0, (byte) 0xff}), new UUID(i, -i), i, i);
      fdb.put(ITEMS.pack(Tuple.from(region, (long) i)), json.getBytes(StandardCharsets.UTF_8));
    }
    fdb.put(ITEMS.pack(Tuple.from("edge", 1L)), "{}".getBytes(StandardCharsets.UTF_8));
    copyIntoTarget();
  }

  @Test
  void aCopyOfFoundationDbRowsIsAtParityWithThem() throws Exception {
    assertThat(lines(postgresText())).as("the stores print the same rows differently")
        .isNotEqualTo(lines(foundationDbText()));

    TableVerification result = verify(null);

    assertThat(result.mismatches).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(result.sourceRows).isEqualTo(ROWS + 1);
    assertThat(result.targetRows).isEqualTo(ROWS + 1);
  }

  @Test
  void findsTargetDamageByKeyAndRepairsItFromFoundationDb() throws Exception {
    target.execute("UPDATE \"Order Items\" SET doc = '{\"a\": -1}' WHERE region = 'Us' AND id = 4",
        "DELETE FROM \"Order Items\" WHERE region = 'ünï' AND id = 5",
        "INSERT INTO \"Order Items\" (region, id) VALUES ('zz', 99)");

    TableVerification found = verify(null);
    assertThat(found.different).isEqualTo(1);
    assertThat(found.missingInTarget).isEqualTo(1);
    assertThat(found.missingInSource).isEqualTo(1);
    assertThat(found.sampleKeys).containsExactlyInAnyOrder("(Us, 4)", "(ünï, 5)", "(zz, 99)");

    TableVerification repaired;
    try (FoundationDbRowSource primary = source();
        PostgresRowRewriter writer = new PostgresRowRewriter(connector())) {
      repaired = verify(new Repairer(PrimaryRows.unlocked(new ScannedRowsByKey(primary, primary::rangeOf)), writer::rewrite, 2));
    }
    assertThat(repaired.mismatches).isZero();
    assertThat(verify(null).mismatches).isZero();
  }

  /**
   * The row read back by key from each store (FoundationDB by a single-key range, PostgreSQL by
   * primary key) must hash as the scans did, or a row put right meanwhile would still count.
   */
  @Test
  void aTargetRowPutRightWhileDifferencesAreConfirmedIsNotCounted() throws Exception {
    target.execute("UPDATE \"Order Items\" SET doc = '{\"a\": -1}', tags = NULL WHERE region = 'eu'");
    confirmationHook = round -> {
      target.execute("DELETE FROM \"Order Items\"");
      copyIntoTarget();
    };

    TableVerification result = verify(null);

    assertThat(result.mismatches).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(ROWS / 3 + " differing keys converged");
  }

  private TableVerification verify(Repairer repairer) throws Exception {
    try (FoundationDbRowSource source = source();
        PostgresRowSource postgres = PostgresRowSource.open(connector());
        FoundationDbRowSource sourceByKey = source();
        PostgresRowsByKey targetByKey = new PostgresRowsByKey(connector());
        Verifier verifier = new Verifier(ComparisonSettings.DEFAULT.withBatchSize(100),
            new Verifier.Confirmation(new ScannedRowsByKey(sourceByKey, sourceByKey::rangeOf), targetByKey::read,
                new ConfirmationSettings(2, 0, 10_000, 50, (round, millis) -> hook(round))),
            null, new PrintStream(err, true, StandardCharsets.UTF_8), dev.cutover.store.Retry.DEFAULT)) {
      List<TableVerification> results = verifier.verify(List.of(shape()), source, postgres,
          repairer == null ? null : new Verifier.Repair(repairer, "source"));
      return results.get(0);
    }
  }

  private void hook(int round) {
    try {
      confirmationHook.before(round);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void copyIntoTarget() throws Exception {
    try (Connection connection = target.connect()) {
      connection.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("COPY \"Order Items\" (" + COLUMNS + ") FROM STDIN", new ByteArrayInputStream(foundationDbText()));
    }
  }

  private byte[] foundationDbText() throws Exception {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (FoundationDbRowSource source = source()) {
      source.scan(shape(), KeyRange.ALL, null, 100, batch -> copy.write(batch.text(), 0, batch.length()));
    }
    return copy.toByteArray();
  }

  private byte[] postgresText() throws Exception {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (PostgresRowSource postgres = PostgresRowSource.open(connector())) {
      postgres.scan(shape(), KeyRange.ALL, null, 100, batch -> copy.write(batch.text(), 0, batch.length()));
    }
    return copy.toByteArray();
  }

  private static java.util.Set<String> lines(byte[] text) {
    return new java.util.HashSet<>(new String(text, StandardCharsets.UTF_8).lines().toList());
  }

  private FoundationDbRowSource source() {
    return new FoundationDbRowSource(List.of(spec()), fdb.opener(), (begin, end) -> List.of(),
        new ScanSettings(150, 2_000, 5, 10, 100, 10_000), clock, e -> false, () -> { });
  }

  private PostgresConnector connector() throws Exception {
    return new PostgresConnector(PostgresDsn.parse(target.uri(), "CUTOVER_TARGET_DSN"), FAST, "target");
  }

  private TableShape shape() throws Exception {
    try (PostgresRowSource postgres = PostgresRowSource.open(connector())) {
      return postgres.catalog().resolveTarget(spec(), 0);
    }
  }

  private static TableSpec spec() {
    TableSpec table = new TableSpec();
    table.name = "Order Items";
    table.primaryKey = List.of("region", "id");
    table.foundationdb = new FoundationDbTableSpec();
    table.foundationdb.keyPrefix = List.of("app", "order items");
    table.foundationdb.key = List.of("region", "id");
    table.foundationdb.value = FoundationDbValueFormat.JSON;
    return table;
  }
}
