package dev.cutover.bench;

import java.util.List;

/**
 * The table every contender copies: an order table of eleven columns of the types a real service
 * keeps (bigint key, uuid, text with non-ASCII, varchar, integer, numeric, boolean, timestamptz,
 * date, jsonb, bytea), with NULLs in the nullable ones, filled server-side so creating a million rows
 * takes seconds and no client memory.
 */
final class BenchTable {
  static final String SCHEMA = "public";
  static final String NAME = "orders";
  static final String QUALIFIED = "public.orders";
  static final String KEY = "id";
  static final List<String> COLUMNS = List.of("id", "customer_id", "note", "sku", "quantity", "amount", "paid",
      "created_at", "ship_date", "details", "receipt");
  static final String TYPES = "bigint, uuid, text, varchar, integer, numeric(12,2), boolean, timestamptz, date, "
      + "jsonb, bytea";

  static final String CREATE = """
      CREATE TABLE public.orders (
        id bigint PRIMARY KEY,
        customer_id uuid NOT NULL,
        note text,
        sku varchar(32) NOT NULL,
        quantity integer NOT NULL,
        amount numeric(12,2) NOT NULL,
        paid boolean NOT NULL,
        created_at timestamptz NOT NULL,
        ship_date date,
        details jsonb,
        receipt bytea
      )""";

  private BenchTable() {}

  /**
   * The {@code INSERT ... SELECT FROM generate_series} that fills rows 1..{@code rows}; not a format
   * string, the SQL is full of {@code %}.
   */
  static String fill(long rows) {
    return """
        INSERT INTO public.orders
        SELECT g,
          md5(g::text)::uuid,
          CASE WHEN g % 7 = 0 THEN NULL
               ELSE 'Bestellung ' || g || ' für Zoë — 茶 ' || repeat('x', (g % 40)::int) END,
          'SKU-' || lpad((g % 100000)::text, 6, '0'),
          (g % 97)::int,
          round(((g * 7919) % 1000000) / 100.0, 2),
          g % 3 = 0,
          timestamptz '2024-01-01 00:00:00+00' + g * interval '17 seconds',
          CASE WHEN g % 5 = 0 THEN NULL ELSE date '2024-01-01' + (g % 365)::int END,
          jsonb_build_object('channel', CASE WHEN g % 2 = 0 THEN 'web' ELSE 'shop' END,
                             'items', g % 9, 'tags', jsonb_build_array('gift', g % 13)),
          CASE WHEN g % 4 = 0 THEN NULL ELSE decode(md5(g::text), 'hex') END
        FROM generate_series(1::bigint, ROWS) AS g""".replace("ROWS", Long.toString(rows));
  }

  static String columnList() {
    return String.join(", ", COLUMNS);
  }
}
