package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.store.TableShape;
import java.util.BitSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The SQL that digests a table inside PostgreSQL, so that both servers compute the same per-bucket
 * (count, digest) and only the buckets that disagree travel row by row to the worker.
 *
 * <p>A row's digest is the md5 of its record text {@code ROW(col, ...)::text}: every column through
 * its type's output function, NULL (nothing) apart from {@code ''} ({@code ""}), under the settings
 * every Cutover session pins (TimeZone UTC, DateStyle ISO, IntervalStyle postgres,
 * extra_float_digits 3, which prints floats shortest-exact from PostgreSQL 12 on, bytea_output hex).
 * Numerics go through {@code trim_scale} so that 1.0 = 1.00 as in the canonical encoding. A key's
 * bucket and sample position come from the md5 of the key's record text, never from
 * {@code hashtext}, whose values differ across versions. Each bucket sums the first 64 bits of its
 * row digests (the server sums bigints exactly; the client keeps the sum modulo 2^64), so the order
 * rows are read in does not matter; a changed bucket keeps its sum by a 2^-64 accident. One 64-bit
 * half rather than both: each md5 then appears once in the query, which lets the server compute it
 * once per row and scan in parallel, about twice as fast as a fenced subquery using both halves.
 *
 * <p>Equal digests must mean equal rows for the worker's comparison: text produced by the same
 * output function from the same type is the same value. So only the built-in types below, of the
 * same declared type on both sides, are digested; the canonical encoding may call more rows equal
 * (jsonb numbers 1.0 and 1.00, a json value's whitespace, numerics inside arrays): such rows only
 * make their bucket unequal, and the worker's row-by-row comparison of that bucket decides.
 */
final class DigestSql {
  /** Built-in types whose text output depends only on the value and the settings sessions pin. */
  private static final Set<String> DIGESTED = Set.of("smallint", "integer", "bigint", "numeric", "real",
      "double precision", "text", "character varying", "character", "boolean", "bytea", "uuid", "json", "jsonb",
      "date", "timestamp without time zone", "timestamp with time zone", "time without time zone", "interval");
  /** Bits of the key's md5 taken for the bucket and, after them, for the sample. */
  private static final int BUCKET_HEX = 8;
  private static final long SAMPLE_SPACE = 1L << 32;

  private DigestSql() {}

  /** Whether values of {@code formatType} (as {@code format_type} names it) can be digested in SQL. */
  static boolean digested(String formatType) {
    String type = formatType.trim();
    while (type.endsWith("[]")) {
      type = type.substring(0, type.length() - 2);
    }
    if (type.startsWith("\"")) {
      return false;
    }
    int open = type.indexOf('(');
    int close = type.indexOf(')', open + 1);
    String base = open < 0 || close < 0 ? type : type.substring(0, open) + type.substring(close + 1);
    return DIGESTED.contains(base.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
  }

  /**
   * {@code SELECT bucket, count(*), sum(row digest)} over the (sampled) rows of the table, one result
   * row per non-empty bucket. Each md5 is written once in the statement, with no subquery fence, so
   * the server computes it once per row and may spread the scan over parallel workers.
   */
  static String digestQuery(TableShape table, int buckets, double sampleRate) {
    String key = "md5(" + keyRecord(table) + ")";
    return "SELECT " + bucketOf(key, buckets) + " AS b, count(*), sum(('x' || substr(md5(" + rowRecord(table)
        + "), 1, 16))::bit(64)::bigint) FROM " + table.qualifiedName() + " AS t"
        + sampleCondition(key, sampleRate, " WHERE ") + " GROUP BY 1";
  }

  /** {@code COPY (SELECT cols ...) TO STDOUT} of the (sampled) rows in {@code wanted} buckets only. */
  static String copyBucketsQuery(TableShape table, int buckets, BitSet wanted, double sampleRate) {
    StringJoiner list = new StringJoiner(",", "'{", "}'::int[]");
    wanted.stream().forEach(bucket -> list.add(Integer.toString(bucket)));
    String key = "md5(" + keyRecord(table) + ")";
    StringJoiner columns = new StringJoiner(", ");
    table.columns().forEach(column -> columns.add("t." + Identifiers.quote(column.name())));
    return "COPY (SELECT " + columns + " FROM " + table.qualifiedName() + " AS t WHERE " + bucketOf(key, buckets)
        + " = ANY (" + list + ")" + sampleCondition(key, sampleRate, " AND ") + ") TO STDOUT";
  }

  /** The sample keeps keys whose md5 bits after the bucket's fall under the rate: the same keys everywhere. */
  static long sampleThreshold(double sampleRate) {
    return (long) Math.floor(sampleRate * SAMPLE_SPACE);
  }

  private static String sampleCondition(String keyHash, double sampleRate, String joiner) {
    if (sampleRate >= 1) {
      return "";
    }
    return joiner + "('x' || substr(" + keyHash + ", " + (BUCKET_HEX + 1) + ", 8))::bit(32)::bigint < "
        + sampleThreshold(sampleRate);
  }

  private static String bucketOf(String keyHash, int buckets) {
    int bits = Integer.numberOfTrailingZeros(buckets);
    return "(('x' || substr(" + keyHash + ", 1, " + BUCKET_HEX + "))::bit(32)::bigint >> " + (32 - bits) + ")::int";
  }

  private static String keyRecord(TableShape table) {
    StringJoiner fields = new StringJoiner(", ", "ROW(", ")::text");
    for (String key : table.primaryKey()) {
      fields.add(value(key, table.columns().get(table.columnIndex(key)).type()));
    }
    return fields.toString();
  }

  private static String rowRecord(TableShape table) {
    StringJoiner fields = new StringJoiner(", ", "ROW(", ")::text");
    table.columns().forEach(column -> fields.add(value(column.name(), column.type())));
    return fields.toString();
  }

  /** A column as it enters the record text: a numeric without trailing fractional zeros. */
  private static String value(String column, String formatType) {
    String quoted = "t." + Identifiers.quote(column);
    String type = formatType.trim().toLowerCase(Locale.ROOT);
    boolean numeric = !type.endsWith("[]") && (type.startsWith("numeric") || type.startsWith("decimal"));
    return numeric ? "trim_scale(" + quoted + ")" : quoted;
  }
}
