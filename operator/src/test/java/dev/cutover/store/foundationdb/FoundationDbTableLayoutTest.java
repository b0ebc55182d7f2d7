package dev.cutover.store.foundationdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.ByteArrayUtil;
import com.apple.foundationdb.tuple.Tuple;
import dev.cutover.api.FoundationDbTableSpec;
import dev.cutover.api.FoundationDbValueFormat;
import dev.cutover.store.Column;
import dev.cutover.store.CopyText;
import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FoundationDbTableLayoutTest {

  static final TableShape USERS = new TableShape("app", "users", List.of(
      new Column("region", "text"),
      new Column("id", "bigint"),
      new Column("name", "character varying(20)"),
      new Column("tags", "text[]"),
      new Column("meta", "jsonb"),
      new Column("created", "timestamp with time zone"),
      new Column("avatar", "bytea"),
      new Column("ext", "uuid")), List.of("region", "id"));

  static FoundationDbTableSpec spec(FoundationDbValueFormat format, List<String> valueColumns, String... prefix) {
    FoundationDbTableSpec spec = new FoundationDbTableSpec();
    spec.keyPrefix = List.of(prefix);
    spec.key = List.of("region", "id");
    spec.value = format;
    spec.valueColumns = valueColumns;
    return spec;
  }

  static FoundationDbTableLayout jsonUsers() throws StoreException {
    return FoundationDbTableLayout.of(USERS, spec(FoundationDbValueFormat.JSON, null, "app", "users"));
  }

  static KeyValue pair(Subspace subspace, Tuple key, String json) {
    return new KeyValue(subspace.pack(key), json.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decode(FoundationDbTableLayout layout, KeyValue pair, Key[] key) throws StoreException {
    StringBuilder out = new StringBuilder();
    key[0] = layout.appendRow(pair, out);
    assertThat(out.charAt(out.length() - 1)).isEqualTo('\n');
    return CopyText.split(out.substring(0, out.length() - 1));
  }

  @Test
  void subspaceIsThePackedPrefixAndKeysPackThroughTheRealTupleLayer() throws Exception {
    FoundationDbTableLayout layout = jsonUsers();
    assertThat(layout.subspace().getKey()).isEqualTo(Tuple.from("app", "users").pack());
    byte[] key = layout.subspace().pack(Tuple.from("eu", 42L));
    assertThat(ByteArrayUtil.printable(key)).isEqualTo("\\x02app\\x00\\x02users\\x00\\x02eu\\x00\\x15*");
    assertThat((Object) layout.subspace().unpack(key)).isEqualTo(Tuple.from("eu", 42L));
    assertThat(layout.subspace().contains(key)).isTrue();
    assertThat(ByteArrayUtil.compareUnsigned(layout.subspace().range().begin, key)).isNegative();
    assertThat(ByteArrayUtil.compareUnsigned(key, layout.subspace().range().end)).isNegative();
  }

  @Test
  void tupleLayerRoundTripsNestedTuplesIntegersStringsBytesUuidsAndNull() {
    UUID uuid = UUID.randomUUID();
    Tuple tuple = Tuple.from("s", -5L, Long.MAX_VALUE, new byte[] {0, (byte) 0xff}, uuid, null, Tuple.from(1L, Tuple.from("n")), true, 1.5d);
    Tuple back = Tuple.fromBytes(tuple.pack());
    assertThat(back.getString(0)).isEqualTo("s");
    assertThat(back.getLong(1)).isEqualTo(-5L);
    assertThat(back.getLong(2)).isEqualTo(Long.MAX_VALUE);
    assertThat(back.getBytes(3)).containsExactly(0, 0xff);
    assertThat(back.getUUID(4)).isEqualTo(uuid);
    assertThat(back.get(5)).isNull();
    assertThat(back.getNestedTuple(6).getNestedTuple(1).getString(0)).isEqualTo("n");
    assertThat((Object) back).isEqualTo(tuple);
  }

  @Test
  void jsonValueBecomesACopyLineInColumnOrderWithMissingFieldsNull() throws Exception {
    FoundationDbTableLayout layout = jsonUsers();
    KeyValue pair = pair(layout.subspace(), Tuple.from("eu", 42L), """
        {"name": "Zoë\\tTab", "tags": ["a", "b c"], "meta": {"z": 1, "a": [true]},
         "created": 1706695200123, "ext": "123e4567-e89b-12d3-a456-426614174000"}""");
    Key[] key = new Key[1];
    String[] fields = decode(layout, pair, key);
    assertThat(fields).containsExactly("eu", "42", "Zoë\tTab", "{\"a\",\"b c\"}", "{\"z\":1,\"a\":[true]}",
        "2024-01-31 10:00:00.123+00", null, "123e4567-e89b-12d3-a456-426614174000");
    assertThat(key[0]).isEqualTo(Key.of("eu", "42"));
  }

  @Test
  void jsonFieldsThatAreNotColumnsAreIgnoredAndCounted() throws Exception {
    FoundationDbTableLayout layout = jsonUsers();
    StringBuilder out = new StringBuilder();
    layout.appendRow(pair(layout.subspace(), Tuple.from("eu", 1L), "{\"name\": \"a\", \"legacy\": 1, \"id\": 99}"), out);
    layout.appendRow(pair(layout.subspace(), Tuple.from("eu", 2L), "{\"legacy\": 2}"), out);
    layout.appendRow(pair(layout.subspace(), Tuple.from("eu", 3L), "{\"name\": \"c\"}"), out);
    assertThat(layout.ignoredFields()).containsExactlyEntriesOf(java.util.Map.of("legacy", 2L));
    assertThat(out.toString()).startsWith("eu\t1\ta\t");
  }

  @Test
  void tupleValueMapsElementsToValueColumnsInOrder() throws Exception {
    FoundationDbTableLayout layout = FoundationDbTableLayout.of(USERS, spec(FoundationDbValueFormat.TUPLE,
        List.of("name", "tags", "meta", "created", "avatar", "ext"), "int:7", "bytes:0aff", "str:int:x"));
    assertThat(layout.subspace().getKey()).isEqualTo(Tuple.from(7L, new byte[] {0x0a, (byte) 0xff}, "int:x").pack());
    UUID ext = UUID.randomUUID();
    Tuple value = Tuple.from("Ann", Tuple.from("x", null), "{\"k\": [1]}", "2024-01-31T10:00:00Z", new byte[] {1, 2}, ext);
    KeyValue pair = new KeyValue(layout.subspace().pack(Tuple.from("us", -3L)), value.pack());
    Key[] key = new Key[1];
    assertThat(decode(layout, pair, key)).containsExactly("us", "-3", "Ann", "{\"x\",NULL}", "{\"k\":[1]}",
        "2024-01-31 10:00:00+00", "\\x0102", ext.toString());
    assertThat(key[0]).isEqualTo(Key.of("us", "-3"));
  }

  @Test
  void keyTupleOrderMayDifferFromPrimaryKeyOrder() throws Exception {
    FoundationDbTableSpec spec = spec(FoundationDbValueFormat.JSON, null, "t");
    spec.key = List.of("id", "region");
    FoundationDbTableLayout layout = FoundationDbTableLayout.of(USERS, spec);
    Key[] key = new Key[1];
    String[] fields = decode(layout, pair(layout.subspace(), Tuple.from(5L, "eu"), "{}"), key);
    assertThat(fields[0]).isEqualTo("eu");
    assertThat(fields[1]).isEqualTo("5");
    assertThat(key[0]).isEqualTo(Key.of("eu", "5"));
    assertThat(layout.rawKey(key[0])).isEqualTo(layout.subspace().pack(Tuple.from(5L, "eu")));
  }

  @Test
  void checkpointKeysConvertBackToTheExactRawKey() throws Exception {
    TableShape shape = new TableShape("public", "things", List.of(
        new Column("u", "uuid"), new Column("b", "bytea"), new Column("n", "numeric"), new Column("f", "double precision"),
        new Column("ok", "boolean"), new Column("s", "smallint")), List.of("u", "b", "n", "f", "ok", "s"));
    FoundationDbTableSpec spec = spec(FoundationDbValueFormat.JSON, null, "things");
    spec.key = List.of("u", "b", "n", "f", "ok", "s");
    FoundationDbTableLayout layout = FoundationDbTableLayout.of(shape, spec);
    Tuple tuple = Tuple.from(UUID.randomUUID(), new byte[] {0, 1}, java.math.BigInteger.ONE.shiftLeft(80), -0.0d, false, 7L);
    KeyValue pair = new KeyValue(layout.subspace().pack(tuple), "{}".getBytes(StandardCharsets.UTF_8));
    Key key = layout.appendRow(pair, new StringBuilder());
    assertThat(layout.rawKey(key)).isEqualTo(pair.getKey());
  }

  @Test
  void keyElementOfAnotherTupleTypeThanTheColumnIsRefusedBecauseResumeWouldMissRows() throws Exception {
    FoundationDbTableLayout layout = jsonUsers();
    KeyValue pair = pair(layout.subspace(), Tuple.from(17L, 42L), "{}");
    assertThatThrownBy(() -> layout.appendRow(pair, new StringBuilder()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("table \"app\".\"users\", column region (text)")
        .hasMessageContaining("the integer 17")
        .hasMessageContaining("tuple (\"app\", \"users\", 17, 42)");
  }

  @Test
  void badValuesNameTableColumnAndKeyInPrintableHexAndTupleForm() throws Exception {
    FoundationDbTableLayout layout = jsonUsers();
    KeyValue pair = pair(layout.subspace(), Tuple.from("eu", 42L), "{\"created\": \"yesterday\"}");
    String hex = HexFormat.of().formatHex(pair.getKey());
    assertThatThrownBy(() -> layout.appendRow(pair, new StringBuilder()))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_INPUT))
        .hasMessageContaining("table \"app\".\"users\"")
        .hasMessageContaining("column created (timestamp with time zone)")
        .hasMessageContaining(ByteArrayUtil.printable(pair.getKey()))
        .hasMessageContaining("hex " + hex)
        .hasMessageContaining("tuple (\"app\", \"users\", \"eu\", 42)")
        .hasMessageContaining("the string \"yesterday\" is not a timestamp");
  }

  @Test
  void undecodableRowsAreErrorsNeverSkipped() throws Exception {
    FoundationDbTableLayout json = jsonUsers();
    Subspace subspace = json.subspace();
    assertThatThrownBy(() -> json.appendRow(pair(subspace, Tuple.from("eu", 1L), "[1, 2]"), new StringBuilder()))
        .hasMessageContaining("the value is JSON array, not a JSON object");
    assertThatThrownBy(() -> json.appendRow(pair(subspace, Tuple.from("eu", 1L), ""), new StringBuilder()))
        .hasMessageContaining("the value is empty, not a JSON object");
    assertThatThrownBy(() -> json.appendRow(pair(subspace, Tuple.from("eu", 1L), "{\"name\": "), new StringBuilder()))
        .hasMessageContaining("the value is not JSON");
    assertThatThrownBy(() -> json.appendRow(pair(subspace, Tuple.from("eu"), "{}"), new StringBuilder()))
        .hasMessageContaining("the key has 1 tuple elements after the prefix; foundationdb.key expects 2 [region, id]");
    assertThatThrownBy(() -> json.appendRow(pair(subspace, Tuple.from("eu", 1L, "extra"), "{}"), new StringBuilder()))
        .hasMessageContaining("the key has 3 tuple elements");
    byte[] notATuple = ByteArrayUtil.join(subspace.getKey(), new byte[] {0x02, 'x'});
    assertThatThrownBy(() -> json.appendRow(new KeyValue(notATuple, new byte[] {'{', '}'}), new StringBuilder()))
        .hasMessageContaining("the key is not a tuple under the table's keyPrefix")
        .hasMessageContaining("not a tuple)");
    assertThatThrownBy(() -> json.appendRow(pair(subspace, Tuple.from("eu", null), "{}"), new StringBuilder()))
        .hasMessageContaining("column id (bigint)").hasMessageContaining("cannot be null");

    FoundationDbTableLayout tuple = FoundationDbTableLayout.of(USERS, spec(FoundationDbValueFormat.TUPLE,
        List.of("name", "tags", "meta", "created", "avatar", "ext"), "users"));
    byte[] key = tuple.subspace().pack(Tuple.from("eu", 1L));
    assertThatThrownBy(() -> tuple.appendRow(new KeyValue(key, Tuple.from("only one").pack()), new StringBuilder()))
        .hasMessageContaining("the value tuple has 1 elements; foundationdb.valueColumns has 6");
    assertThatThrownBy(() -> tuple.appendRow(new KeyValue(key, new byte[] {0x02, 'a'}), new StringBuilder()))
        .hasMessageContaining("the value is not a packed tuple");
    Tuple wrongType = Tuple.from("Ann", null, null, null, 12L, null);
    assertThatThrownBy(() -> tuple.appendRow(new KeyValue(key, wrongType.pack()), new StringBuilder()))
        .hasMessageContaining("column avatar (bytea)").hasMessageContaining("expected bytes, found the integer 12");
  }

  @Test
  void specMistakesAreBadInputNamingTheTable() {
    FoundationDbTableSpec notThePrimaryKey = spec(FoundationDbValueFormat.JSON, null, "users");
    notThePrimaryKey.key = List.of("id");
    assertThatThrownBy(() -> FoundationDbTableLayout.of(USERS, notThePrimaryKey))
        .hasMessageContaining("foundationdb.key [id] must name exactly the primary-key columns [region, id]");
    assertThatThrownBy(() -> FoundationDbTableLayout.of(USERS, spec(FoundationDbValueFormat.TUPLE, List.of("name"), "users")))
        .hasMessageContaining("column tags is neither in foundationdb.key nor in foundationdb.valueColumns");
    assertThatThrownBy(() -> FoundationDbTableLayout.of(USERS, spec(FoundationDbValueFormat.TUPLE, null, "users")))
        .hasMessageContaining("value: tuple needs valueColumns");
    assertThatThrownBy(() -> FoundationDbTableLayout.of(USERS, spec(FoundationDbValueFormat.JSON, null, "int:x")))
        .hasMessageContaining("keyPrefix[0] 'int:x' is not a valid integer");
    assertThatThrownBy(() -> FoundationDbTableLayout.of(USERS, null)).hasMessageContaining("has no foundationdb block");
    TableShape timeKeyed = new TableShape("public", "events", List.of(new Column("at", "timestamp with time zone")), List.of("at"));
    FoundationDbTableSpec timeSpec = spec(FoundationDbValueFormat.JSON, null, "events");
    timeSpec.key = List.of("at");
    assertThatThrownBy(() -> FoundationDbTableLayout.of(timeKeyed, timeSpec))
        .hasMessageContaining("key column at has type timestamp with time zone");
  }

  @Test
  void checkpointKeyThatDoesNotFitTheKeyColumnsIsBadInput() throws Exception {
    FoundationDbTableLayout layout = jsonUsers();
    assertThatThrownBy(() -> layout.rawKey(Key.of("eu"))).hasMessageContaining("has 1 values; the primary key");
    assertThatThrownBy(() -> layout.rawKey(Key.of("eu", "forty-two")))
        .hasMessageContaining("column id").hasMessageContaining("does not convert back");
    assertThat(Arrays.equals(layout.rawKey(Key.of("eu", "42")), layout.subspace().pack(Tuple.from("eu", 42L)))).isTrue();
  }
}
