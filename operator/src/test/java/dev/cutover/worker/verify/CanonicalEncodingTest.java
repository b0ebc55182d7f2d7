package dev.cutover.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.store.Column;
import dev.cutover.store.CopyText;
import dev.cutover.store.TableShape;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canonical encoding: the same value spelt two ways encodes to the same bytes, two different
 * values to different bytes. The first spelling in each case is PostgreSQL 17's own COPY output
 * with DateStyle ISO, TimeZone UTC and extra_float_digits 3 (taken from a real server).
 */
class CanonicalEncodingTest {

  static Stream<Arguments> sameValue() {
    return Stream.of(
        Arguments.of("integer", "42", "+42"),
        Arguments.of("bigint", "-9223372036854775808", " -9223372036854775808 "),
        Arguments.of("smallint", "0", "-0"),
        Arguments.of("integer", "7", "007"),
        Arguments.of("numeric", "1.0", "1.00"),
        Arguments.of("numeric(10,5)", "0.00100", "1e-3"),
        Arguments.of("numeric", "1000", "1e3"),
        Arguments.of("numeric", "1000", "1000.000"),
        Arguments.of("numeric", "0.00", "-0"),
        Arguments.of("numeric", "-12.50", "-012.5"),
        Arguments.of("numeric", "NaN", "nan"),
        Arguments.of("numeric", "Infinity", "inf"),
        Arguments.of("numeric", "-Infinity", "-infinity"),
        Arguments.of("numeric", "0.5", ".5"),
        Arguments.of("double precision", "1e+300", "1E300"),
        Arguments.of("double precision", "1.5e-07", "0.00000015"),
        Arguments.of("double precision", "1.2345678901234568e+17", "123456789012345680"),
        Arguments.of("double precision", "-0", "0"),
        Arguments.of("double precision", "NaN", "nan"),
        Arguments.of("double precision", "-Infinity", "-inf"),
        Arguments.of("double precision", "0.1", "0.1000000000000000055511151231257827"),
        Arguments.of("real", "0.1", "0.100000001490116119384765625"),
        Arguments.of("real", "3.4028235e+38", "340282350000000000000000000000000000000"),
        Arguments.of("real", "1e-45", "1.401298464324817e-45"),
        Arguments.of("character(5)", "ab   ", "ab"),
        Arguments.of("bpchar", "ab ", "ab"),
        Arguments.of("bytea", "\\x0aff", "\\x0AFF"),
        Arguments.of("bytea", "\\x0aff", "\\x0a ff"),
        Arguments.of("bytea", "\\x5c00", "\\\\\\000"),
        Arguments.of("bytea", "\\x", ""),
        Arguments.of("boolean", "t", "true"),
        Arguments.of("boolean", "f", " OFF "),
        Arguments.of("boolean", "t", "1"),
        Arguments.of("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"),
        Arguments.of("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11}"),
        Arguments.of("date", "2024-01-15", "2024-1-15"),
        Arguments.of("date", "0044-03-15 BC", "44-03-15 bc"),
        Arguments.of("date", "12345-01-01", "12345-01-01 AD"),
        Arguments.of("date", "infinity", "+Infinity"),
        Arguments.of("date", "-infinity", "-INFINITY"),
        Arguments.of("timestamp without time zone", "2024-01-15 10:20:30.12", "2024-01-15T10:20:30.120000"),
        Arguments.of("timestamp without time zone", "2024-01-16 00:00:00", "2024-01-15 24:00:00"),
        Arguments.of("timestamp without time zone", "2024-01-15 10:20:00", "2024-01-15 10:20"),
        Arguments.of("timestamp without time zone", "2024-01-15 10:20:30", "2024-01-15 10:20:30+05"),
        Arguments.of("timestamp without time zone", "0001-01-01 00:00:00 BC", "0001-01-01T00:00:00 BC"),
        Arguments.of("timestamp(3) without time zone", "2024-01-15 10:20:30.123457", "2024-01-15 10:20:30.1234565"),
        Arguments.of("timestamp with time zone", "2024-01-15 08:20:30.12+00", "2024-01-15 10:20:30.12+02"),
        Arguments.of("timestamp with time zone", "2024-01-15 08:20:30.12+00", "2024-01-15T08:20:30.12Z"),
        Arguments.of("timestamp with time zone", "2024-01-15 08:20:30+00", "2024-01-15T03:50:30-04:30"),
        Arguments.of("timestamp with time zone", "2023-12-31 22:00:00+00", "2024-01-01 00:00:00+0200"),
        Arguments.of("timestamp with time zone", "2024-01-01 00:00:00+00", "2024-01-01 00:00:00"),
        Arguments.of("timestamp with time zone", "0044-03-15 10:00:00.5+00 BC", "0044-03-15 12:00:00.500+02 BC"),
        Arguments.of("timestamp with time zone", "infinity", "Infinity"),
        Arguments.of("time without time zone", "10:20:30.5", "10:20:30.500"),
        Arguments.of("time without time zone", "10:20:00", "10:20"),
        Arguments.of("time(6) without time zone", "24:00:00", " 24:00:00 "),
        Arguments.of("jsonb", "{\"a\": [100, null, \"x\"], \"b\": 1.50}", "{\"b\":1.5,\"a\":[1e2,null,\"x\"]}"),
        Arguments.of("jsonb", "{\"a\": 1}", "{\"a\": 2, \"a\": 1}"),
        Arguments.of("json", "{\"k\": \"A\"}", "{ \"k\" : \"\\u0041\" }"),
        Arguments.of("jsonb", "[{\"x\": {\"y\": [true, false]}}]", "[ {\"x\":{\"y\":[true,false]}} ]"),
        Arguments.of("integer[]", "{1,NULL,3}", "{ 1 , null , \"3\" }"),
        Arguments.of("text[]", "{\"a b\",\"x\\\"y\",\"NULL\",NULL,\"\",\" \"}", "{\"a b\",x\\\"y,\"NULL\",NULL,\"\",\" \"}"),
        Arguments.of("integer[]", "{{1,2},{3,4}}", "{{1,2},{ 3, 4 }}"),
        Arguments.of("numeric(10,2)[]", "{1.50}", "{1.5}"),
        Arguments.of("timestamp with time zone[]", "{\"2024-01-01 10:00:00+00\"}", "{\"2024-01-01T12:00:00+02:00\"}"),
        Arguments.of("bytea[]", "{\"\\\\x01\"}", "{\"\\\\x01\"}"),
        Arguments.of("jsonb[]", "{\"{\\\"a\\\": 1}\"}", "{\"{\\\"a\\\":1.0}\"}"),
        Arguments.of("uuid[]", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}"),
        Arguments.of("interval", "1 day 02:00:00", "1 day 02:00:00"),
        Arguments.of("\"My Enum\"", "Ünïcode", "Ünïcode"));
  }

  @ParameterizedTest(name = "{0}: {1} == {2}")
  @MethodSource("sameValue")
  void theSameValueSpeltTwoWaysEncodesTheSame(String type, String postgresText, String otherText) {
    assertThat(hex(canonical(type, otherText))).isEqualTo(hex(canonical(type, postgresText)));
  }

  static Stream<Arguments> differentValues() {
    return Stream.of(
        Arguments.of("integer", "1", "2"),
        Arguments.of("integer", "1", "-1"),
        Arguments.of("bigint", "9223372036854775807", "9223372036854775806"),
        Arguments.of("numeric", "1.5", "15"),
        Arguments.of("numeric", "0.001", "0.01"),
        Arguments.of("numeric", "1e1000", "1e1001"),
        Arguments.of("numeric", "NaN", "0"),
        Arguments.of("numeric", "Infinity", "-Infinity"),
        Arguments.of("numeric", "123456789012345678901234567890.1", "123456789012345678901234567890.2"),
        Arguments.of("double precision", "0.1", "0.30000000000000004"),
        Arguments.of("double precision", "1.0000000000000002", "1"),
        Arguments.of("double precision", "Infinity", "NaN"),
        Arguments.of("real", "1.0000001", "1"),
        Arguments.of("text", "a", "A"),
        Arguments.of("text", "a ", "a"),
        Arguments.of("text", "", " "),
        Arguments.of("character varying(10)", "ä", "a"),
        Arguments.of("character(3)", " a", "a"),
        Arguments.of("bytea", "\\x00", "\\x"),
        Arguments.of("bytea", "\\x0a", "\\x0b"),
        Arguments.of("boolean", "t", "f"),
        Arguments.of("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12"),
        Arguments.of("date", "2024-01-15", "2024-01-16"),
        Arguments.of("date", "0044-03-15 BC", "0044-03-15"),
        Arguments.of("date", "infinity", "-infinity"),
        Arguments.of("timestamp without time zone", "2024-01-15 10:20:30", "2024-01-15 10:20:30.000001"),
        Arguments.of("timestamp with time zone", "2024-01-15 10:20:30+00", "2024-01-15 10:20:30+01"),
        Arguments.of("time without time zone", "24:00:00", "00:00:00"),
        Arguments.of("jsonb", "{\"a\": 1}", "{\"a\": \"1\"}"),
        Arguments.of("jsonb", "{\"a\": 1}", "{\"b\": 1}"),
        Arguments.of("jsonb", "[1, 2]", "[2, 1]"),
        Arguments.of("jsonb", "{\"a\": null}", "{}"),
        Arguments.of("jsonb", "\"ab\"", "[\"a\", \"b\"]"),
        Arguments.of("jsonb", "[[1], 2]", "[[1, 2]]"),
        Arguments.of("text[]", "{NULL}", "{\"NULL\"}"),
        Arguments.of("text[]", "{\"\"}", "{}"),
        Arguments.of("text[]", "{a,b}", "{\"a,b\"}"),
        Arguments.of("integer[]", "{{1,2},{3,4}}", "{1,2,3,4}"),
        Arguments.of("integer[]", "[0:1]={1,2}", "{1,2}"),
        Arguments.of("integer", "12", "not a number"));
  }

  @ParameterizedTest(name = "{0}: {1} != {2}")
  @MethodSource("differentValues")
  void differentValuesEncodeDifferently(String type, String one, String other) {
    assertThat(hex(canonical(type, one))).isNotEqualTo(hex(canonical(type, other)));
  }

  @Test
  void nullDiffersFromTheEmptyStringAndFromTheTextBackslashN() {
    assertThat(hex(canonical("text", null)))
        .isNotEqualTo(hex(canonical("text", "")))
        .isNotEqualTo(hex(canonical("text", "\\N")));
  }

  @Test
  void fieldBoundariesCount() {
    TableShape shape = table("text", "text");
    assertThat(hex(encode(shape, "ab", "c"))).isNotEqualTo(hex(encode(shape, "a", "bc")));
    assertThat(hex(encode(shape, "", null))).isNotEqualTo(hex(encode(shape, null, "")));
  }

  @Test
  void unparsableTextIsKeptAndNeverPassesForAParsedValue() {
    // 16 ASCII bytes that are exactly the canonical bytes of some uuid: still different.
    assertThat(hex(canonical("uuid", "0123456789abcdef")))
        .isNotEqualTo(hex(canonical("uuid", "30313233-3435-3637-3839-616263646566")));
    assertThat(hex(canonical("date", "someday"))).isEqualTo(hex(canonical("date", "someday")));
  }

  /** Every column type with its edge values: a COPY text line and the String[] row encode alike. */
  @Test
  void aCopyLineAndItsFieldsEncodeTheSame() throws Exception {
    List<String[]> rows = List.of(
        new String[] {"1", "tab\there", "line\nbreak\\back", "\\x00ff", "{\"a\": \"\\n\"}", "{\"x\\\\y\",NULL}"},
        new String[] {"2", null, "", "\\x", "null", "{}"},
        new String[] {"3", "\\N", "naïve 日本", null, "[1, 2.50]", "{\"\"}"});
    TableShape shape = new TableShape("public", "t", List.of(
        new Column("id", "bigint"), new Column("a", "text"), new Column("b", "character varying"),
        new Column("c", "bytea"), new Column("d", "jsonb"), new Column("e", "text[]")), List.of("id"));
    RowEncoder fromFields = new RowEncoder(shape);
    RowEncoder fromCopy = new RowEncoder(shape);
    StringBuilder copy = new StringBuilder();
    for (String[] row : rows) {
      copy.append(CopyText.line(Arrays.asList(row))).append('\n');
    }
    byte[] text = copy.toString().getBytes(StandardCharsets.UTF_8);
    int at = 0;
    for (String[] row : rows) {
      at = fromCopy.encodeLine(text, at, text.length);
      fromFields.encode(row);
      assertThat(hex(fromCopy.rowBytes())).isEqualTo(hex(fromFields.rowBytes()));
      assertThat(fromCopy.rowHashLow()).isEqualTo(fromFields.rowHashLow());
      assertThat(fromCopy.keyHashHigh()).isEqualTo(fromFields.keyHashHigh());
      assertThat(fromCopy.fields()).containsExactly(row);
      assertThat(fromCopy.key().values()).containsExactly(row[0]);
    }
    assertThat(at).isEqualTo(text.length);
  }

  /** Escaped fields and array elements longer than any buffer the encoder starts with. */
  @Test
  void longEscapedValuesEncodeLikeTheirFields() throws Exception {
    String bytea = "\\x" + "00ff".repeat(50_000);
    String element = "a\\\"b".repeat(10_000);
    String array = "{\"" + element + "\",x}";
    TableShape shape = table("integer", "bytea", "text[]");
    String[] row = {"1", bytea, array};
    byte[] text = (CopyText.line(Arrays.asList(row)) + "\n").getBytes(StandardCharsets.UTF_8);
    RowEncoder fromCopy = new RowEncoder(shape);
    fromCopy.encodeLine(text, 0, text.length);
    assertThat(hex(fromCopy.rowBytes())).isEqualTo(hex(encode(shape, row)));
    assertThat(hex(encode(shape, "1", bytea.toUpperCase().replace("\\X", "\\x"), array)))
        .isEqualTo(hex(fromCopy.rowBytes()));
  }

  @Test
  void theKeyHashDependsOnTheKeyOnly() {
    TableShape shape = new TableShape("public", "t",
        List.of(new Column("k1", "integer"), new Column("v", "text"), new Column("k2", "numeric")), List.of("k1", "k2"));
    RowEncoder one = new RowEncoder(shape);
    RowEncoder other = new RowEncoder(shape);
    one.encode(new String[] {"1", "x", "2.0"});
    other.encode(new String[] {"01", "y", "2"});
    assertThat(one.keyHashLow()).isEqualTo(other.keyHashLow());
    assertThat(one.keyBytes()).isEqualTo(other.keyBytes());
    assertThat(one.rowHashLow()).isNotEqualTo(other.rowHashLow());
    other.encode(new String[] {"2", "x", "1"});
    assertThat(one.keyHashLow()).isNotEqualTo(other.keyHashLow());
  }

  /** Random instants: PostgreSQL's UTC form and an ISO form with a random offset agree; neighbours differ. */
  @Test
  void timestampsWithOffsetsNormaliseToTheSameInstant() {
    Random random = new Random(7);
    DateTimeFormatter iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    for (int i = 0; i < 2000; i++) {
      long seconds = random.nextLong() % 100_000_000_000L; // about +-3000 years around 1970
      long micros = random.nextInt(1_000_000);
      Instant instant = Instant.ofEpochSecond(seconds, micros * 1000);
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(28 * 4) - 14 * 4) * 900);
      String postgres = postgresUtc(instant);
      String other = instant.atOffset(offset).format(iso).replaceFirst("^-?", "");
      if (instant.atOffset(offset).getYear() <= 0) {
        other = other.replaceFirst("^0*(\\d{4,})", year(1 - instant.atOffset(offset).getYear())) + " BC";
      }
      assertThat(hex(canonical("timestamp with time zone", other)))
          .as("%s vs %s", postgres, other)
          .isEqualTo(hex(canonical("timestamp with time zone", postgres)));
      String next = postgresUtc(instant.plusNanos(1000));
      assertThat(hex(canonical("timestamp with time zone", next)))
          .isNotEqualTo(hex(canonical("timestamp with time zone", postgres)));
    }
  }

  /** PostgreSQL's own output must take the copy-as-is path and the parser must produce that same text. */
  @Test
  void theParserWritesExactlyWhatPostgresPrints() {
    Random random = new Random(11);
    for (int i = 0; i < 2000; i++) {
      long seconds = random.nextLong() % 100_000_000_000L;
      Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000) * 1000L);
      String postgres = postgresUtc(instant);
      String spaced = " " + postgres + " ";
      assertThat(text(canonical("timestamp with time zone", spaced))).isEqualTo(postgres);
      String local = postgres.replace("+00", "");
      assertThat(text(canonical("timestamp without time zone", " " + local))).isEqualTo(local);
      String date = local.substring(0, local.indexOf(' ')) + (local.endsWith(" BC") ? " BC" : "");
      assertThat(text(canonical("date", " " + date))).isEqualTo(date);
    }
  }

  /** Random doubles: Java's shortest form and the exact decimal expansion give the same bits. */
  @Test
  void doublesAgreeAcrossNotations() {
    Random random = new Random(3);
    for (int i = 0; i < 5000; i++) {
      double value = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextInt(100000) / 100.0;
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        continue;
      }
      String exact = new BigDecimal(value).toPlainString();
      String shortest = Double.toString(value).replace("E", "e+").replace("e+-", "e-");
      assertThat(hex(canonical("double precision", exact))).isEqualTo(hex(canonical("double precision", shortest)));
      byte[] row = canonical("double precision", shortest);
      assertThat(Arrays.copyOfRange(row, 4, row.length)).isEqualTo(bits(value == 0 ? 0d : value));
    }
  }

  /** Random decimal strings of every length and exponent: the same bits as the JDK's own parser. */
  @Test
  void floatsParseExactlyAsTheJdkDoes() {
    Random random = new Random(17);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder digits = new StringBuilder();
      for (int d = 1 + random.nextInt(25); d > 0; d--) {
        digits.append((char) ('0' + random.nextInt(10)));
      }
      int point = random.nextInt(digits.length() + 1);
      String text = (random.nextBoolean() ? "-" : "") + digits.substring(0, point) + "." + digits.substring(point)
          + (random.nextBoolean() ? "e" + (random.nextInt(80) - 40) : "");
      text = text.replace("-.e", "-0.0e").replaceFirst("^\\.", "0.").replace(".e", ".0e");
      byte[] asDouble = canonical("double precision", text);
      byte[] asReal = canonical("real", text);
      double expected = Double.parseDouble(text);
      float expectedFloat = Float.parseFloat(text);
      assertThat(Arrays.copyOfRange(asDouble, 4, asDouble.length)).as(text).isEqualTo(bits(expected == 0 ? 0d : expected));
      assertThat(Arrays.copyOfRange(asReal, 4, asReal.length)).as(text)
          .isEqualTo(java.nio.ByteBuffer.allocate(4).putInt(Float.floatToIntBits(expectedFloat == 0 ? 0f : expectedFloat)).array());
    }
  }

  /** Random decimals: plain, padded with zeros and scientific notation agree; the next value differs. */
  @Test
  void numericsAgreeAcrossScalesAndNotations() {
    Random random = new Random(5);
    for (int i = 0; i < 5000; i++) {
      BigDecimal value = new BigDecimal(new java.math.BigInteger(random.nextInt(120) + 1, random), random.nextInt(60) - 20);
      value = random.nextBoolean() ? value.negate() : value;
      String plain = value.toPlainString();
      String padded = value.setScale(Math.max(value.scale(), 0) + 3).toPlainString();
      String scientific = value.toString();
      String expected = hex(canonical("numeric", plain));
      assertThat(hex(canonical("numeric", padded))).isEqualTo(expected);
      assertThat(hex(canonical("numeric", scientific))).isEqualTo(expected);
      BigDecimal next = value.add(BigDecimal.ONE.movePointLeft(Math.max(value.scale(), 0) + 2));
      assertThat(hex(canonical("numeric", next.toPlainString()))).isNotEqualTo(expected);
    }
  }

  // ---- helpers ----

  private static String postgresUtc(Instant instant) {
    LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    int year = utc.getYear();
    StringBuilder text = new StringBuilder(year(year <= 0 ? 1 - year : year))
        .append(String.format("-%02d-%02d %02d:%02d:%02d", utc.getMonthValue(), utc.getDayOfMonth(),
            utc.getHour(), utc.getMinute(), utc.getSecond()));
    int micros = utc.getNano() / 1000;
    if (micros > 0) {
      text.append('.').append(String.format("%06d", micros).replaceFirst("0+$", ""));
    }
    text.append("+00");
    return year <= 0 ? text + " BC" : text.toString();
  }

  private static String year(int year) {
    return String.format("%04d", year);
  }

  private static TableShape table(String... types) {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      columns.add(new Column("c" + i, types[i]));
    }
    return new TableShape("public", "t", columns, List.of("c0"));
  }

  private static byte[] encode(TableShape shape, String... fields) {
    RowEncoder encoder = new RowEncoder(shape);
    encoder.encode(fields);
    return encoder.rowBytes();
  }

  static byte[] canonical(String type, String value) {
    return encode(table(type), value);
  }

  /** The canonical body of a one-column row, as text (for canonical forms that are text). */
  private static String text(byte[] row) {
    return new String(row, 4, row.length - 4, StandardCharsets.UTF_8);
  }

  private static byte[] bits(double value) {
    return java.nio.ByteBuffer.allocate(8).putLong(Double.doubleToLongBits(value)).array();
  }

  static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02x", b));
    }
    return out.toString();
  }
}
