package dev.cutover.sandbox;

import java.util.List;

/**
 * The TeaElephant-like schema of the sandbox: the tables of the original runbook in foreign-key
 * order, with a realistic mix of types (bigint and uuid keys, text with non-ASCII characters and
 * COPY's special characters, numeric, timestamptz, jsonb, boolean, arrays, bytea, double precision,
 * composite primary keys) so that a backfill or a verification that mishandles any of them shows.
 *
 * <p>Two tables take their ids from the database, as production tables do: {@code consumptions}
 * ({@code bigserial}) and {@code notifications} ({@code GENERATED ALWAYS AS IDENTITY}). Each side
 * has its own sequence, so the side that becomes primary must have its sequences moved past every id
 * used, or its first insert collides with a copied row.
 */
final class TeaElephantSchema {
  static final TableDefinition USERS = TableDefinition.named("users")
      .column("id", "uuid", "NOT NULL")
      .column("email", "text", "NOT NULL UNIQUE")
      .column("display_name", "text", "NOT NULL")
      .column("locale", "text", "")
      .column("settings", "jsonb", "NOT NULL DEFAULT '{}'")
      .column("is_admin", "boolean", "NOT NULL DEFAULT false")
      .column("created_at", "timestamp with time zone", "NOT NULL")
      .primaryKey("id")
      .build();

  static final TableDefinition TAG_CATEGORIES = TableDefinition.named("tag_categories")
      .column("id", "bigint", "NOT NULL")
      .column("name", "text", "NOT NULL")
      .column("sort_order", "smallint", "NOT NULL")
      .primaryKey("id")
      .build();

  static final TableDefinition TAGS = TableDefinition.named("tags")
      .column("id", "bigint", "NOT NULL")
      .column("category_id", "bigint", "NOT NULL")
      .column("name", "text", "NOT NULL")
      .column("color", "text", "")
      .column("created_at", "timestamp with time zone", "NOT NULL")
      .primaryKey("id")
      .references("category_id", "tag_categories", "id")
      .build();

  static final TableDefinition TEAS = TableDefinition.named("teas")
      .column("id", "uuid", "NOT NULL")
      .column("owner_id", "uuid", "")
      .column("name", "text", "NOT NULL")
      .column("kind", "text", "NOT NULL")
      .column("description", "text", "")
      .column("price", "numeric(10,2)", "")
      .column("aliases", "text[]", "")
      .column("brewing", "jsonb", "")
      .column("is_public", "boolean", "NOT NULL")
      .column("created_at", "timestamp with time zone", "NOT NULL")
      .column("updated_at", "timestamp with time zone", "NOT NULL")
      .primaryKey("id")
      .references("owner_id", "users", "id")
      .build();

  static final TableDefinition TEA_TAGS = TableDefinition.named("tea_tags")
      .column("tea_id", "uuid", "NOT NULL")
      .column("tag_id", "bigint", "NOT NULL")
      .column("created_at", "timestamp with time zone", "NOT NULL")
      .primaryKey("tea_id", "tag_id")
      .references("tea_id", "teas", "id")
      .references("tag_id", "tags", "id")
      .build();

  static final TableDefinition QR_RECORDS = TableDefinition.named("qr_records")
      .column("id", "uuid", "NOT NULL")
      .column("tea_id", "uuid", "NOT NULL")
      .column("boiling_temp", "smallint", "")
      .column("brewing_seconds", "integer", "")
      .column("expires_on", "date", "")
      .column("created_at", "timestamp with time zone", "NOT NULL")
      .primaryKey("id")
      .references("tea_id", "teas", "id")
      .build();

  static final TableDefinition COLLECTIONS = TableDefinition.named("collections")
      .column("id", "bigint", "NOT NULL")
      .column("user_id", "uuid", "NOT NULL")
      .column("name", "text", "NOT NULL")
      .column("created_at", "timestamp with time zone", "NOT NULL")
      .primaryKey("id")
      .references("user_id", "users", "id")
      .build();

  static final TableDefinition COLLECTION_QR_ITEMS = TableDefinition.named("collection_qr_items")
      .column("collection_id", "bigint", "NOT NULL")
      .column("qr_record_id", "uuid", "NOT NULL")
      .column("position", "integer", "NOT NULL")
      .column("added_at", "timestamp with time zone", "NOT NULL")
      .primaryKey("collection_id", "qr_record_id")
      .references("collection_id", "collections", "id")
      .references("qr_record_id", "qr_records", "id")
      .build();

  static final TableDefinition DEVICES = TableDefinition.named("devices")
      .column("id", "uuid", "NOT NULL")
      .column("user_id", "uuid", "NOT NULL")
      .column("platform", "text", "NOT NULL")
      .column("push_token", "bytea", "")
      .column("app_version", "text", "")
      .column("last_latitude", "double precision", "")
      .column("last_seen", "timestamp with time zone", "")
      .primaryKey("id")
      .references("user_id", "users", "id")
      .build();

  static final TableDefinition NOTIFICATIONS = TableDefinition.named("notifications")
      .identity("id", "bigint")
      .column("user_id", "uuid", "NOT NULL")
      .column("kind", "text", "NOT NULL")
      .column("payload", "jsonb", "")
      .column("is_read", "boolean", "NOT NULL")
      .column("created_at", "timestamp with time zone", "NOT NULL")
      .primaryKey("id")
      .references("user_id", "users", "id")
      .build();

  static final TableDefinition CONSUMPTIONS = TableDefinition.named("consumptions")
      .serial("id", "bigint")
      .column("user_id", "uuid", "NOT NULL")
      .column("tea_id", "uuid", "NOT NULL")
      .column("grams", "numeric(6,1)", "")
      .column("brewed_at", "timestamp with time zone", "NOT NULL")
      .column("note", "text", "")
      .primaryKey("id")
      .references("user_id", "users", "id")
      .references("tea_id", "teas", "id")
      .build();

  /** Every table, parents before children: the copy order of the Migration. */
  static final List<TableDefinition> TABLES = List.of(
      USERS, TAG_CATEGORIES, TAGS, TEAS, TEA_TAGS, QR_RECORDS, COLLECTIONS, COLLECTION_QR_ITEMS,
      DEVICES, NOTIFICATIONS, CONSUMPTIONS);

  private TeaElephantSchema() {}

  static TableDefinition table(String name) {
    return TABLES.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the sandbox schema has no table " + name));
  }
}
