package dev.cutover.bench;

import java.util.List;

/**
 * The table every contender copies: order lines under a name that must be quoted, with a composite
 * key (region, id) and the types whose canonical comparison is hardest: text with non-ASCII and
 * empty strings, numeric, double precision, timestamptz with microseconds, jsonb, bytea, text and
 * integer and double arrays, NULLs in the nullable ones. Filled server-side, so a million rows take
 * seconds and no client memory.
 */
final class BenchTable {
  static final String SCHEMA = "public";
  static final String NAME = "Order Items";
  static final String QUALIFIED = "public.\"Order Items\"";
  static final List<String> KEY = List.of("region", "id");
  static final List<String> COLUMNS = List.of("region", "id", "customer_id", "note", "amount", "price", "created_at",
      "details", "receipt", "tags", "quantities", "ratings");
  static final String TYPES = "text, bigint, uuid, text, numeric(12,2), double precision, timestamptz, jsonb, bytea, "
      + "text[], integer[], double precision[]; key (region, id)";

  static final String CREATE = """
      CREATE TABLE public."Order Items" (
        region text NOT NULL,
        id bigint NOT NULL,
        customer_id uuid NOT NULL,
        note text,
        amount numeric(12,2) NOT NULL,
        price double precision,
        created_at timestamptz NOT NULL,
        details jsonb,
        receipt bytea,
        tags text[],
        quantities integer[],
        ratings double precision[],
        PRIMARY KEY (region, id)
      )""";

  private BenchTable() {}

  /**
   * The {@code INSERT ... SELECT FROM generate_series} that fills rows 1..{@code rows}; not a format
   * string, the SQL is full of {@code %}.
   */
  static String fill(long rows) {
    return """
        INSERT INTO public."Order Items"
        SELECT (ARRAY['eu', 'us', 'ap'])[1 + (g % 3)::int], g,
          md5(g::text)::uuid,
          CASE WHEN g % 7 = 0 THEN NULL WHEN g % 11 = 0 THEN ''
               ELSE 'Bestellung ' || g || ' für Zoë — 茶 ' || repeat('x', (g % 40)::int) END,
          round(((g * 7919) % 1000000) / 100.0, 2),
          CASE WHEN g % 9 = 0 THEN NULL ELSE ((g * 7919) % 1000003) / 7.0::float8 END,
          timestamptz '2024-01-01 00:00:00+00' + g * interval '17 seconds' + (g % 1000) * interval '1 microsecond',
          jsonb_build_object('channel', CASE WHEN g % 2 = 0 THEN 'web' ELSE 'shop' END,
                             'items', g % 9, 'price', round(g / 100.0, 2), 'tags', jsonb_build_array('gift', g % 13)),
          CASE WHEN g % 4 = 0 THEN NULL ELSE decode(md5(g::text), 'hex') END,
          CASE WHEN g % 6 = 0 THEN NULL ELSE ARRAY['gift', 'a,b', NULL, 'x' || (g % 5)] END,
          ARRAY[(g % 97)::int, (g % 13)::int],
          ARRAY[g / 3.0::float8, -0.0::float8, 1e-300]
        FROM generate_series(1::bigint, ROWS) AS g""".replace("ROWS", Long.toString(rows));
  }

  static String columnList() {
    return String.join(", ", COLUMNS);
  }

  static String keyList() {
    return String.join(", ", KEY);
  }
}
