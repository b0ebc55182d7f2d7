package dev.cutover.store.foundationdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresTextTest {

  private static String render(String type, Object value) {
    return PostgresText.render(TargetType.parse(type), value);
  }

  private static JsonNode json(String text) throws Exception {
    return PostgresText.JSON.readTree(text);
  }

  private static String renderJson(String type, String jsonValue) throws Exception {
    return render(type, json("{\"v\":" + jsonValue + "}").get("v"));
  }

  @Test
  void parsesFormatTypeNamesWithModifiersAndArrays() {
    TargetType numeric = TargetType.parse("numeric(12,2)");
    assertThat(numeric.family()).isEqualTo(TargetType.Family.NUMERIC);
    assertThat(numeric.precision()).isEqualTo(12);
    assertThat(numeric.scale()).isEqualTo(2);
    assertThat(TargetType.parse("character varying(20)").length()).isEqualTo(20);
    assertThat(TargetType.parse("timestamp(3) with time zone").family()).isEqualTo(TargetType.Family.TIMESTAMPTZ);
    assertThat(TargetType.parse("timestamp without time zone").family()).isEqualTo(TargetType.Family.TIMESTAMP);
    TargetType array = TargetType.parse("character varying(5)[]");
    assertThat(array.family()).isEqualTo(TargetType.Family.ARRAY);
    assertThat(array.element().length()).isEqualTo(5);
    assertThat(TargetType.parse("order_status").family()).isEqualTo(TargetType.Family.OTHER);
  }

  @Test
  void nullFromTupleOrJsonIsSqlNullForEveryType() throws Exception {
    for (String type : new String[] {"integer", "text", "jsonb", "bytea", "integer[]", "date"}) {
      assertThat(render(type, null)).isNull();
      assertThat(renderJson(type, "null")).isNull();
    }
  }

  @Test
  void integersAreRangeChecked() throws Exception {
    assertThat(render("smallint", 32767L)).isEqualTo("32767");
    assertThat(render("integer", -2147483648L)).isEqualTo("-2147483648");
    assertThat(render("bigint", Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    assertThat(renderJson("bigint", "9223372036854775807")).isEqualTo("9223372036854775807");
    assertThat(renderJson("integer", "7.0")).isEqualTo("7");
    assertThat(render("integer", "-42")).isEqualTo("-42");
    assertThatThrownBy(() -> render("smallint", 32768L)).isInstanceOf(ValueRejected.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> render("integer", 2147483648L)).hasMessageContaining("out of range");
    assertThatThrownBy(() -> render("bigint", BigInteger.ONE.shiftLeft(63))).hasMessageContaining("out of range");
    assertThatThrownBy(() -> renderJson("integer", "7.5")).hasMessageContaining("expected an integer, found the number 7.5");
    assertThatThrownBy(() -> render("integer", "4x")).hasMessageContaining("the string \"4x\"");
    assertThatThrownBy(() -> render("integer", true)).hasMessageContaining("the boolean true");
  }

  @Test
  void numericKeepsScaleAndSpecialValuesAndChecksPrecision() throws Exception {
    assertThat(renderJson("numeric", "1.50")).isEqualTo("1.50");
    assertThat(renderJson("numeric", "1e3")).isEqualTo("1000");
    assertThat(renderJson("numeric", "123456789012345678901234567890.123456789"))
        .isEqualTo("123456789012345678901234567890.123456789");
    assertThat(render("numeric", 0.1d)).isEqualTo("0.1");
    assertThat(render("numeric", Double.NaN)).isEqualTo("NaN");
    assertThat(render("numeric", Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    assertThat(render("numeric", "infinity")).isEqualTo("Infinity");
    assertThat(render("numeric(5,2)", "999.994")).isEqualTo("999.994");
    assertThatThrownBy(() -> render("numeric(5,2)", new BigDecimal("999.995"))).hasMessageContaining("overflows numeric(5,2)");
    assertThatThrownBy(() -> render("numeric(5,2)", "Infinity")).hasMessageContaining("does not fit");
    assertThat(render("numeric(5,2)", "NaN")).isEqualTo("NaN");
    assertThatThrownBy(() -> render("numeric", "12abc")).hasMessageContaining("expected a number");
  }

  @Test
  void floatingPointTypes() throws Exception {
    assertThat(render("double precision", 1.5d)).isEqualTo("1.5");
    assertThat(render("real", 2.5f)).isEqualTo("2.5");
    assertThat(render("real", 0.1d)).isEqualTo("0.1");
    assertThat(renderJson("double precision", "1e300")).isEqualTo("1.0E300");
    assertThat(render("double precision", Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    assertThat(render("real", "NaN")).isEqualTo("NaN");
    assertThatThrownBy(() -> renderJson("real", "1e300")).hasMessageContaining("out of range for real");
    assertThatThrownBy(() -> renderJson("double precision", "1e400")).hasMessageContaining("out of range");
  }

  @Test
  void textTakesStringsAndScalarsAndRejectsNulAndOverlongValues() throws Exception {
    assertThat(render("text", "ünï\tcode")).isEqualTo("ünï\tcode");
    assertThat(render("text", "")).isEmpty();
    assertThat(render("text", 42L)).isEqualTo("42");
    assertThat(renderJson("text", "{\"b\": [1, 2], \"a\": true}")).isEqualTo("{\"b\":[1,2],\"a\":true}");
    assertThat(render("text", "é".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("é");
    assertThat(render("character varying(3)", "abc")).isEqualTo("abc");
    assertThat(render("character(3)", "abc  ")).isEqualTo("abc  ");
    assertThat(render("character varying(2)", "😀😀")).isEqualTo("😀😀");
    assertThatThrownBy(() -> render("character varying(3)", "abcd")).hasMessageContaining("4 characters is too long");
    assertThatThrownBy(() -> render("text", "a\0b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> render("text", new byte[] {(byte) 0xff})).hasMessageContaining("not UTF-8");
    assertThatThrownBy(() -> render("text", Tuple.from(1L))).hasMessageContaining("a nested tuple cannot become text");
  }

  @Test
  void booleans() throws Exception {
    assertThat(render("boolean", true)).isEqualTo("t");
    assertThat(renderJson("boolean", "false")).isEqualTo("f");
    assertThat(render("boolean", "TRUE")).isEqualTo("t");
    assertThatThrownBy(() -> render("boolean", 1L)).hasMessageContaining("expected a boolean, found the integer 1");
  }

  @Test
  void byteaFromBytesHexStringsBase64AndVersionstamps() throws Exception {
    assertThat(render("bytea", new byte[] {0, 1, (byte) 0xfe})).isEqualTo("\\x0001fe");
    assertThat(render("bytea", new byte[0])).isEqualTo("\\x");
    assertThat(render("bytea", "\\xDEADbeef")).isEqualTo("\\xdeadbeef");
    assertThat(renderJson("bytea", "\"AAH+\"")).isEqualTo("\\x0001fe");
    byte[] stamp = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(render("bytea", Versionstamp.complete(stamp, 7))).isEqualTo("\\x0102030405060708090a0007");
    assertThat(render("text", Versionstamp.complete(stamp, 7))).isEqualTo("0102030405060708090a0007");
    assertThatThrownBy(() -> render("bytea", "\\xzz")).hasMessageContaining("not hex");
    assertThatThrownBy(() -> render("bytea", "not base64!")).hasMessageContaining("\\x hex or base64");
    assertThatThrownBy(() -> render("bytea", 5L)).hasMessageContaining("expected bytes");
  }

  @Test
  void uuidsFromTupleUuidStringsAndSixteenBytes() {
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(render("uuid", uuid)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(render("uuid", "123E4567-E89B-12D3-A456-426614174000")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    assertThat(render("uuid", bytes.array())).isEqualTo(uuid.toString());
    assertThatThrownBy(() -> render("uuid", "1-1-1-1-1")).hasMessageContaining("expected a UUID");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "timestamp with time zone    | 2024-01-31T10:00:00+02:00        | 2024-01-31 08:00:00+00",
      "timestamp with time zone    | 2024-01-31T10:00:00.5Z           | 2024-01-31 10:00:00.5+00",
      "timestamp with time zone    | 2024-01-31 10:00:00+0530         | 2024-01-31 04:30:00+00",
      "timestamp with time zone    | 2024-01-31T10:00:00.1234565      | 2024-01-31 10:00:00.123457+00",
      "timestamp with time zone    | 2024-01-31                       | 2024-01-31 00:00:00+00",
      "timestamp with time zone    | -infinity                        | -infinity",
      "timestamp without time zone | 2024-01-31T10:00:00.000001       | 2024-01-31 10:00:00.000001",
      "timestamp without time zone | 2024-01-31T10:00:00-01:00        | 2024-01-31 11:00:00",
      "timestamp(3) without time zone | 0000-12-31T23:59:59Z          | 0001-12-31 23:59:59 BC",
      "date                        | 2024-02-29                       | 2024-02-29",
      "date                        | Infinity                         | infinity",
  })
  void timestampsAndDatesFromIsoStrings(String type, String value, String expected) {
    assertThat(render(type, value)).isEqualTo(expected);
  }

  @Test
  void timestampsAndDatesFromEpochMilliseconds() throws Exception {
    assertThat(render("timestamp with time zone", 1_706_695_200_123L)).isEqualTo("2024-01-31 10:00:00.123+00");
    assertThat(render("timestamp without time zone", -1L)).isEqualTo("1969-12-31 23:59:59.999");
    assertThat(renderJson("timestamp with time zone", "1706695200123.4567")).isEqualTo("2024-01-31 10:00:00.123457+00");
    assertThat(render("date", 1_706_659_200_000L)).isEqualTo("2024-01-31");
    assertThatThrownBy(() -> render("date", 1_706_659_200_001L)).hasMessageContaining("not a UTC midnight");
    assertThatThrownBy(() -> render("date", "2024-01-31T10:00:00")).hasMessageContaining("not a date");
    assertThatThrownBy(() -> render("date", "2024-02-30")).hasMessageContaining("not a date in ISO-8601 form");
    assertThatThrownBy(() -> render("timestamp with time zone", "yesterday")).hasMessageContaining("not a timestamp");
    assertThatThrownBy(() -> render("timestamp with time zone", true)).hasMessageContaining("milliseconds since the epoch");
  }

  @Test
  void jsonColumnsTakeJsonValuesAsTheyAreAndTupleStringsAsJsonText() throws Exception {
    assertThat(renderJson("jsonb", "{\"a\": {\"b\": [1, 2.50, null]}, \"c\": \"x\"}"))
        .isEqualTo("{\"a\":{\"b\":[1,2.50,null]},\"c\":\"x\"}");
    assertThat(renderJson("json", "\"just a string\"")).isEqualTo("\"just a string\"");
    assertThat(renderJson("jsonb", "12")).isEqualTo("12");
    assertThat(render("jsonb", "{ \"a\" : 1 }")).isEqualTo("{\"a\":1}");
    assertThat(render("jsonb", Tuple.from(1L, "two", Tuple.from(true), null))).isEqualTo("[1,\"two\",[true],null]");
    assertThat(render("json", 5L)).isEqualTo("5");
    assertThatThrownBy(() -> render("jsonb", "{broken")).hasMessageContaining("must be JSON text");
    assertThatThrownBy(() -> render("jsonb", Double.NaN)).hasMessageContaining("no JSON form");
  }

  @Test
  void arraysAreQuotedElementByElementWithNullsAndDimensions() throws Exception {
    assertThat(renderJson("integer[]", "[1, null, 3]")).isEqualTo("{\"1\",NULL,\"3\"}");
    assertThat(renderJson("text[]", "[\"a,b\", \"q\\\"uote\", \"back\\\\slash\", \"NULL\", \"\", \"{x}\"]"))
        .isEqualTo("{\"a,b\",\"q\\\"uote\",\"back\\\\slash\",\"NULL\",\"\",\"{x}\"}");
    assertThat(renderJson("integer[]", "[[1, 2], [3, 4]]")).isEqualTo("{{\"1\",\"2\"},{\"3\",\"4\"}}");
    assertThat(renderJson("integer[]", "[]")).isEqualTo("{}");
    assertThat(render("bytea[]", Tuple.from(new byte[] {1}, null))).isEqualTo("{\"\\\\x01\",NULL}");
    Object decodedNested = Tuple.fromBytes(Tuple.from(Tuple.from(Tuple.from(1L, 2L), Tuple.from(3L, 4L))).pack()).get(0);
    assertThat(decodedNested).isInstanceOf(List.class);
    assertThat(render("bigint[]", decodedNested)).isEqualTo("{{\"1\",\"2\"},{\"3\",\"4\"}}");
    assertThat(render("jsonb", decodedNested)).isEqualTo("[[1,2],[3,4]]");
    assertThatThrownBy(() -> render("text", decodedNested)).hasMessageContaining("a nested tuple cannot become text");
    assertThat(renderJson("jsonb[]", "[{\"a\": 1}, [1, 2]]")).isEqualTo("{\"{\\\"a\\\":1}\",\"[1,2]\"}");
    assertThat(render("text[]", "{a,b}")).isEqualTo("{a,b}");
    assertThatThrownBy(() -> renderJson("smallint[]", "[1, 70000]")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> render("integer[]", 5L)).hasMessageContaining("expected an array");
  }

  @Test
  void otherTypesPassStringsAndScalarsThrough() throws Exception {
    assertThat(render("order_status", "shipped")).isEqualTo("shipped");
    assertThat(render("interval", "1 day")).isEqualTo("1 day");
    assertThat(renderJson("inet", "\"10.0.0.1\"")).isEqualTo("10.0.0.1");
    assertThat(render("money", 12L)).isEqualTo("12");
    assertThatThrownBy(() -> render("inet", new byte[] {10, 0, 0, 1})).hasMessageContaining("no text form");
  }
}
