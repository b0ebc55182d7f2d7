package dev.cutover.sandbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * What the TeaElephant server does all day: people sign up and rename themselves, add and edit
 * teas, tag and untag them, log, correct and delete the cups they drink, get, read and dismiss
 * notifications. Writes touch five tables (users, teas, tea_tags, consumptions, notifications) and
 * reference rows of one more (tags), and update and delete seeded rows as much as their own. The
 * ids of consumptions and notifications come from the primary's sequences.
 */
final class SampleWorkload {
  static final List<String> READ_TABLES = List.of("users", "teas", "tea_tags", "consumptions", "notifications", "tags");

  private static final String[] NAMES = {
      "Мария", "王芳", "Łukasz", "Chloé", "Ørjan", "佐藤", "O'Neil", "Ana \"Chai\" Lima", "Back\\slash"};
  private static final String[] TEAS = {
      "Те Гуань Инь", "龙井 Longjing", "Gyokuro 玉露", "Darjeeling 1st flush", "Rooibos ☕", "Mao Feng"};
  private static final String[] NOTES = {"second steep", "слишком горько", "很好", "with milk\tand honey", null};

  private final Map<String, KeyPool> pools = new HashMap<>();

  private SampleWorkload() {
    READ_TABLES.forEach(table -> pools.put(table, new KeyPool()));
  }

  /** Learns the existing keys from the primary the server starts with. */
  static SampleWorkload loadFrom(Connection primary) throws SQLException {
    SampleWorkload workload = new SampleWorkload();
    for (String table : READ_TABLES) {
      TableDefinition definition = TeaElephantSchema.table(table);
      String keys = definition.primaryKey().stream()
          .map(k -> dev.cutover.api.Identifiers.quote(k) + "::text").reduce((a, b) -> a + ", " + b).orElseThrow();
      try (Statement statement = primary.createStatement();
          ResultSet rows = statement.executeQuery("SELECT " + keys + " FROM " + definition.quotedName())) {
        while (rows.next()) {
          workload.pools.get(table).add(keyOf(rows, definition.primaryKey().size()));
        }
      }
    }
    return workload;
  }

  private static List<String> keyOf(ResultSet rows, int columns) throws SQLException {
    String[] key = new String[columns];
    for (int i = 0; i < columns; i++) {
      key[i] = rows.getString(i + 1);
    }
    return List.of(key);
  }

  KeyPool pool(String table) {
    return pools.get(table);
  }

  /** The next write, or empty when the tables it needs are empty. */
  Optional<SampleWrite> next(Random random) {
    int dice = random.nextInt(100);
    if (dice < 4) {
      return Optional.of(insertUser(random));
    } else if (dice < 12) {
      return pick("users", random).map(key -> SampleWrite.update(TeaElephantSchema.USERS, key, Map.of(
          "display_name", pickOf(NAMES, random) + " " + random.nextInt(1000),
          "settings", "{\"theme\": \"" + (random.nextBoolean() ? "dark" : "light") + "\", \"edited\": true}")));
    } else if (dice < 18) {
      return pick("users", random).map(owner -> insertTea(owner, random));
    } else if (dice < 32) {
      return pick("teas", random).map(key -> SampleWrite.update(TeaElephantSchema.TEAS, key, Map.of(
          "price", String.format(Locale.ROOT, "%d.%02d", random.nextInt(500), random.nextInt(100)),
          "description", "edited: " + pickOf(TEAS, random),
          "updated_at", now())));
    } else if (dice < 42) {
      return pick("teas", random).flatMap(tea -> pick("tags", random).map(tag -> SampleWrite.insertIfAbsent(
          TeaElephantSchema.TEA_TAGS, row("tea_id", tea.values().get(0), "tag_id", tag.values().get(0),
              "created_at", now()))));
    } else if (dice < 50) {
      return pick("tea_tags", random).map(key -> SampleWrite.delete(TeaElephantSchema.TEA_TAGS, key));
    } else if (dice < 66) {
      return pick("users", random).flatMap(user -> pick("teas", random).map(tea -> insertConsumption(user, tea, random)));
    } else if (dice < 76) {
      return pick("consumptions", random).map(key -> SampleWrite.update(TeaElephantSchema.CONSUMPTIONS, key,
          row("grams", String.format(Locale.ROOT, "%d.%d", 1 + random.nextInt(20), random.nextInt(10)),
              "note", pickOf(NOTES, random))));
    } else if (dice < 82) {
      return pick("consumptions", random).map(key -> SampleWrite.delete(TeaElephantSchema.CONSUMPTIONS, key));
    } else if (dice < 90) {
      return pick("users", random).map(user -> insertNotification(user, random));
    } else if (dice < 96) {
      return pick("notifications", random).map(key -> SampleWrite.update(TeaElephantSchema.NOTIFICATIONS, key,
          row("is_read", "true")));
    }
    return pick("notifications", random).map(key -> SampleWrite.delete(TeaElephantSchema.NOTIFICATIONS, key));
  }

  /** Keeps the pools in step with what the primary said the write did to the row {@code key}. */
  void applied(SampleWrite write, RowKey key) {
    KeyPool pool = pools.get(key.table());
    if (write.kind() == WriteKind.INSERT) {
      pool.add(key.values());
    } else if (write.kind() == WriteKind.DELETE) {
      pool.remove(key.values());
    }
  }

  /** The row was not there on the primary: forget it. */
  void missing(SampleWrite write) {
    if (write.kind() != WriteKind.INSERT) {
      pools.get(write.key().table()).remove(write.key().values());
    }
  }

  private Optional<RowKey> pick(String table, Random random) {
    return pools.get(table).pick(random).map(values -> new RowKey(table, values));
  }

  private static SampleWrite insertUser(Random random) {
    String id = UUID.randomUUID().toString();
    return SampleWrite.insert(TeaElephantSchema.USERS, row(
        "id", id, "email", "app-" + id + "@teaelephant.example",
        "display_name", pickOf(NAMES, random) + " (app)", "locale", random.nextBoolean() ? "ru" : null,
        "settings", "{\"theme\": \"dark\", \"notify\": true}", "is_admin", "false", "created_at", now()));
  }

  private static SampleWrite insertTea(RowKey owner, Random random) {
    String name = pickOf(TEAS, random);
    return SampleWrite.insert(TeaElephantSchema.TEAS, row(
        "id", UUID.randomUUID().toString(), "owner_id", owner.values().get(0), "name", name,
        "kind", random.nextBoolean() ? "green" : "oolong", "description", random.nextBoolean() ? null : "new\nline",
        "price", random.nextInt(100) + ".50", "aliases", "{\"app alias\",\"别名\"}",
        "brewing", "{\"temp\": " + (70 + random.nextInt(30)) + ", \"seconds\": 90}", "is_public", "true",
        "created_at", now(), "updated_at", now()));
  }

  /** Without an id: the primary's sequence gives it. */
  private static SampleWrite insertConsumption(RowKey user, RowKey tea, Random random) {
    return SampleWrite.insert(TeaElephantSchema.CONSUMPTIONS, row(
        "user_id", user.values().get(0), "tea_id", tea.values().get(0), "grams", (1 + random.nextInt(9)) + ".5",
        "brewed_at", now(), "note", pickOf(NOTES, random)));
  }

  /** Without an id: the primary's identity column gives it. */
  private static SampleWrite insertNotification(RowKey user, Random random) {
    return SampleWrite.insert(TeaElephantSchema.NOTIFICATIONS, row(
        "user_id", user.values().get(0), "kind", random.nextBoolean() ? "reminder" : "share",
        "payload", "{\"message\": \"" + pickOf(TEAS, random) + " is ready\"}", "is_read", "false",
        "created_at", now()));
  }

  private static String pickOf(String[] values, Random random) {
    return values[random.nextInt(values.length)];
  }

  /** Now, to the microsecond PostgreSQL keeps, in ISO 8601. */
  static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).toString();
  }

  private static Map<String, String> row(String... pairs) {
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put(pairs[i], pairs[i + 1]);
    }
    return row;
  }
}
