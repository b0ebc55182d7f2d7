package dev.cutover.worker;

import dev.cutover.api.TableSpec;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.foundationdb.FoundationDbRowSource;
import dev.cutover.store.postgres.PostgresCatalog;
import dev.cutover.store.postgres.PostgresRowSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec's tables resolved against the target's catalog (columns and their types), and checked
 * against a PostgreSQL source's catalog or a FoundationDB source's table layouts, all before a
 * single row moves.
 */
public final class TableShapes {
  private TableShapes() {}

  /** A table as results name it: the spec's name, schema-qualified when the schema is not public. */
  public static String resultName(String schema, String name) {
    return schema == null || schema.equals("public") ? name : schema + "." + name;
  }

  public static List<TableShape> resolve(List<TableSpec> tables, PostgresCatalog target, RowSource source)
      throws StoreException {
    List<TableShape> shapes = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      shapes.add(target.resolveTarget(tables.get(i), i));
    }
    if (source instanceof PostgresRowSource postgres) {
      PostgresCatalog catalog = postgres.catalog();
      for (int i = 0; i < shapes.size(); i++) {
        catalog.checkSource(shapes.get(i), i);
      }
    }
    if (source instanceof FoundationDbRowSource foundationDb) {
      for (TableShape shape : shapes) {
        foundationDb.check(shape);
      }
    }
    return shapes;
  }
}
