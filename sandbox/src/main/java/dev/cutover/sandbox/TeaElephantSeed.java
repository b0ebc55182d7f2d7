package dev.cutover.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seeds the source with a deterministic TeaElephant-like data set, generated inside PostgreSQL
 * ({@code generate_series}) so that a million rows take seconds. Keys are derived from the row
 * number (uuid keys as {@code md5('user-' || n)::uuid}), so children reference parents without a
 * lookup. Text carries non-ASCII characters, quotes, tabs, newlines and backslashes on purpose.
 * The tables whose ids come from a sequence get them from it, so the source's sequences stand where
 * a database in use would have them: past every id.
 */
final class TeaElephantSeed {
  static final String BASE_TIME = "timestamptz '2024-01-01 00:00:00+00'";

  private TeaElephantSeed() {}

  /** How many rows each table gets for a total of about {@code rows}. */
  record Counts(Map<String, Integer> perTable) {
    int of(String table) {
      return perTable.get(table);
    }

    int total() {
      return perTable.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  static Counts countsFor(int rows) {
    if (rows < 100) {
      throw new IllegalArgumentException("--rows must be at least 100, was " + rows);
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    int users = share(rows, 8);
    int categories = Math.max(2, rows / 400);
    int tags = share(rows, 3);
    int teas = share(rows, 14);
    int qrRecords = share(rows, 10);
    int collections = share(rows, 5);
    counts.put("users", users);
    counts.put("tag_categories", categories);
    counts.put("tags", tags);
    counts.put("teas", teas);
    counts.put("tea_tags", Math.min(teas * tags, share(rows, 14)));
    counts.put("qr_records", qrRecords);
    counts.put("collections", collections);
    counts.put("collection_qr_items", Math.min(collections * qrRecords, share(rows, 10)));
    counts.put("devices", share(rows, 6));
    counts.put("notifications", share(rows, 12));
    int sum = counts.values().stream().mapToInt(Integer::intValue).sum();
    counts.put("consumptions", Math.max(5, rows - sum));
    return new Counts(counts);
  }

  private static int share(int rows, int percent) {
    return Math.max(5, rows * percent / 100);
  }

  static void seed(Connection connection, Counts counts) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (TableDefinition table : TeaElephantSchema.TABLES) {
        statement.execute(insert(table.name(), counts));
      }
      statement.execute("ANALYZE");
    }
  }

  private static String user(String rowExpression, Counts counts) {
    return "md5('user-' || (1 + (" + rowExpression + ") % " + counts.of("users") + "))::uuid";
  }

  private static String tea(String rowExpression, Counts counts) {
    return "md5('tea-' || (1 + (" + rowExpression + ") % " + counts.of("teas") + "))::uuid";
  }

  private static String at(String seconds) {
    return BASE_TIME + " + g * interval '" + seconds + "'";
  }

  /** The INSERT ... SELECT generating one table; only integers are formatted into it. */
  static String insert(String table, Counts counts) {
    int n = counts.of(table);
    return switch (table) {
      case "users" -> """
          INSERT INTO users (id, email, display_name, locale, settings, is_admin, created_at)
          SELECT md5('user-' || g)::uuid, 'user' || g || '@teaelephant.example',
                 (ARRAY['Анна Петрова', '李雷', 'José Núñez', 'Zoë O''Brien', 'Søren Ø', '田中 花子',
                        'Ahmed "Tea" Ali', E'Tab\\tSeparated', E'Two\\nLines', 'Back\\slash 🍵'])[1 + g %% 10] || ' #' || g,
                 (ARRAY['en', 'ru', 'zh', 'es', NULL])[1 + g %% 5],
                 jsonb_build_object('theme', (ARRAY['dark', 'light'])[1 + g %% 2], 'notify', g %% 3 <> 0,
                                    'favourite', 'Pu''er 普洱'),
                 g %% 50 = 0, %s
          FROM generate_series(1, %d) g""".formatted(at("37 seconds 123457 microseconds"), n);
      case "tag_categories" -> """
          INSERT INTO tag_categories (id, name, sort_order)
          SELECT g, (ARRAY['Вкус', 'Aroma 香气', 'Origin', 'Season', 'Körper'])[1 + g %% 5] || ' ' || g, (g %% 100)::smallint
          FROM generate_series(1, %d) g""".formatted(n);
      case "tags" -> """
          INSERT INTO tags (id, category_id, name, color, created_at)
          SELECT g, 1 + g %% %d, (ARRAY['smoky', 'цветочный', '甘い', 'earthy', 'crème brûlée'])[1 + g %% 5] || ' ' || g,
                 CASE WHEN g %% 4 = 0 THEN NULL ELSE '#' || substr(md5('tag' || g), 1, 6) END, %s
          FROM generate_series(1, %d) g""".formatted(counts.of("tag_categories"), at("3 hours"), n);
      case "teas" -> """
          INSERT INTO teas (id, owner_id, name, kind, description, price, aliases, brewing, is_public, created_at, updated_at)
          SELECT md5('tea-' || g)::uuid, CASE WHEN g %% 10 = 0 THEN NULL ELSE %s END,
                 (ARRAY['Да Хун Пао', '大红袍', 'Tieguanyin 铁观音', 'Sencha 煎茶', 'Earl Grey 🍵',
                        'Mate "con" leche', 'Lapsang Souchong'])[1 + g %% 7] || ' ' || g,
                 (ARRAY['green', 'black', 'oolong', 'pu-erh', 'white', 'herbal'])[1 + g %% 6],
                 CASE WHEN g %% 7 = 0 THEN NULL ELSE E'Steep twice.\\nNotes:\\t' || md5('d' || g) || E' \\\\ end' END,
                 round((g %% 10000) / 100.0, 2),
                 ARRAY['alias-' || g, '別名 ' || g],
                 jsonb_build_object('temp', 70 + g %% 30, 'seconds', 30 + g %% 240, 'steeps', 1 + g %% 5),
                 g %% 3 <> 0, %s, %s + interval '1 day'
          FROM generate_series(1, %d) g""".formatted(user("g", counts), at("11 minutes 7 seconds"),
          at("11 minutes 7 seconds"), n);
      case "tea_tags" -> """
          INSERT INTO tea_tags (tea_id, tag_id, created_at)
          SELECT md5('tea-' || (1 + (g - 1) %% %d))::uuid, 1 + ((g - 1) / %d) %% %d, %s
          FROM generate_series(1, %d) g""".formatted(counts.of("teas"), counts.of("teas"), counts.of("tags"),
          at("5 minutes"), n);
      case "qr_records" -> """
          INSERT INTO qr_records (id, tea_id, boiling_temp, brewing_seconds, expires_on, created_at)
          SELECT md5('qr-' || g)::uuid, %s, (80 + g %% 20)::smallint,
                 CASE WHEN g %% 9 = 0 THEN NULL ELSE 60 + g %% 300 END, date '2025-01-01' + g %% 365, %s
          FROM generate_series(1, %d) g""".formatted(tea("g", counts), at("13 minutes"), n);
      case "collections" -> """
          INSERT INTO collections (id, user_id, name, created_at)
          SELECT g, %s, (ARRAY['Morning', 'Утро', '收藏', 'Guests'' tray'])[1 + g %% 4] || ' ' || g, %s
          FROM generate_series(1, %d) g""".formatted(user("g * 7", counts), at("1 hour"), n);
      case "collection_qr_items" -> """
          INSERT INTO collection_qr_items (collection_id, qr_record_id, position, added_at)
          SELECT 1 + (g - 1) %% %d, md5('qr-' || (1 + ((g - 1) / %d) %% %d))::uuid, g, %s
          FROM generate_series(1, %d) g""".formatted(counts.of("collections"), counts.of("collections"),
          counts.of("qr_records"), at("17 minutes"), n);
      case "devices" -> """
          INSERT INTO devices (id, user_id, platform, push_token, app_version, last_latitude, last_seen)
          SELECT md5('device-' || g)::uuid, %s, (ARRAY['ios', 'android', 'web'])[1 + g %% 3],
                 decode(md5('push-' || g), 'hex'), '2.' || g %% 10 || '.0',
                 CASE WHEN g %% 5 = 0 THEN NULL ELSE (g %% 18000) / 100.0 - 90 + 0.123456789 END, %s
          FROM generate_series(1, %d) g""".formatted(user("g * 3", counts), at("23 minutes"), n);
      case "notifications" -> """
          INSERT INTO notifications (user_id, kind, payload, is_read, created_at)
          SELECT %s, (ARRAY['reminder', 'share', 'system'])[1 + g %% 3],
                 CASE WHEN g %% 6 = 0 THEN NULL
                      ELSE jsonb_build_object('message', 'Ваш чай готов 🍵 #' || g, 'tea', md5('tea-' || g)) END,
                 g %% 2 = 0, %s
          FROM generate_series(1, %d) g ORDER BY g""".formatted(user("g * 5", counts), at("7 minutes"), n);
      case "consumptions" -> """
          INSERT INTO consumptions (user_id, tea_id, grams, brewed_at, note)
          SELECT %s, %s, round((g %% 200) / 10.0 + 1, 1),
                 %s, CASE WHEN g %% 4 = 0 THEN NULL ELSE 'cup ' || g || ' — ' || (ARRAY['ok', 'отлично', '好'])[1 + g %% 3] END
          FROM generate_series(1, %d) g ORDER BY g""".formatted(user("g * 11", counts), tea("g * 13", counts),
          at("2 minutes 3 seconds"), n);
      default -> throw new IllegalArgumentException("no seed for table " + table);
    };
  }
}
