package dev.cutover.worker.preflight;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Identifiers;
import dev.cutover.api.TableSpec;
import dev.cutover.store.Column;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.foundationdb.FoundationDbTableLayout;
import dev.cutover.store.postgres.PostgresCatalog.CatalogColumn;
import dev.cutover.store.postgres.PostgresCatalog.TableFacts;
import dev.cutover.store.postgres.PostgresRowSource;
import dev.cutover.worker.TableShapes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * One spec table against both catalogs: it exists and is a table, every column exists with a type
 * the target can hold, a unique index covers the primary key on each PostgreSQL side, and each user
 * has the privileges the run needs. Every problem is added; nothing stops at the first.
 */
final class TableCheck {
  private static final List<String> TARGET_PRIVILEGES = List.of("SELECT", "INSERT", "UPDATE", "DELETE");

  private final PostgresRowSource target;
  private final PostgresRowSource source;
  private final Problems problems;

  /** @param source null for a FoundationDB source */
  TableCheck(PostgresRowSource target, PostgresRowSource source, Problems problems) {
    this.target = target;
    this.source = source;
    this.problems = problems;
  }

  /** The table's shape when it exists on every side it must (so its sequences can be checked too). */
  Optional<TableShape> check(TableSpec spec, int index) throws StoreException {
    String name = TableShapes.resultName(spec.schemaOrDefault(), spec.name);
    String qualified = Identifiers.quote(spec.schemaOrDefault()) + "." + Identifiers.quote(spec.name);
    Optional<TableFacts> onTarget = target.catalog().describe(spec.schemaOrDefault(), spec.name);
    if (onTarget.isEmpty() || !onTarget.get().isTable()) {
      problems.add(name, null, "table " + qualified + " (spec.tables[" + index + "]) does not exist in the target"
          + " database (" + CutoverConstants.ENV_TARGET_DSN + "); create it with its primary key");
      return Optional.empty();
    }
    TableShape shape = shape(spec, index, name, onTarget.get());
    uniqueKey(spec, name, onTarget.get(), "target");
    privileges(target, qualified, name, TARGET_PRIVILEGES, "target");
    if (shape == null) {
      return Optional.empty();
    }
    if (source == null) {
      checkLayout(spec, shape, name);
      return Optional.of(shape);
    }
    Optional<TableFacts> onSource = source.catalog().describe(spec.schemaOrDefault(), spec.name);
    if (onSource.isEmpty()) {
      problems.add(name, null, "table " + qualified + " (spec.tables[" + index + "]) does not exist in the source"
          + " database (" + CutoverConstants.ENV_SOURCE_DSN + ")");
      return Optional.empty();
    }
    boolean columnsFit = sourceColumns(shape, name, onSource.get());
    uniqueKey(spec, name, onSource.get(), "source");
    privileges(source, qualified, name, List.of("SELECT"), "source");
    return columnsFit ? Optional.of(shape) : Optional.empty();
  }

  /** The columns copied (the spec's, or every non-generated one), or null when one is missing. */
  private TableShape shape(TableSpec spec, int index, String name, TableFacts facts) {
    List<String> wanted = new ArrayList<>();
    if (spec.columns == null || spec.columns.isEmpty()) {
      facts.columns().values().stream().filter(c -> !c.generated()).forEach(c -> wanted.add(c.name()));
    } else {
      wanted.addAll(spec.columns);
    }
    for (String key : spec.primaryKey) {
      if (!wanted.contains(key)) {
        wanted.add(key);
      }
    }
    List<Column> columns = new ArrayList<>();
    boolean complete = true;
    for (String column : wanted) {
      CatalogColumn found = facts.columns().get(column);
      if (found == null) {
        problems.add(name, column, "column " + Identifiers.quote(column) + " (spec.tables[" + index + "]) does not"
            + " exist in the target table");
        complete = false;
      } else if (found.generated()) {
        problems.add(name, column, "column " + Identifiers.quote(column) + " is generated in the target and cannot"
            + " be written; remove it from spec.tables[" + index + "].columns");
        complete = false;
      } else {
        columns.add(new Column(found.name(), found.type()));
      }
    }
    return complete ? new TableShape(spec.schemaOrDefault(), spec.name, columns, spec.primaryKey) : null;
  }

  /** Every copied column exists in the source with a type the target's column holds without loss. */
  private boolean sourceColumns(TableShape shape, String name, TableFacts onSource) {
    boolean fit = true;
    for (Column column : shape.columns()) {
      CatalogColumn found = onSource.columns().get(column.name());
      if (found == null) {
        problems.add(name, column.name(), "column " + Identifiers.quote(column.name())
            + " does not exist in the source table");
        fit = false;
      } else if (!TypeWidening.fits(found.type(), column.type())) {
        problems.add(name, column.name(), "column " + Identifiers.quote(column.name()) + " is " + found.type()
            + " in the source but " + column.type() + " in the target, which cannot hold every " + found.type()
            + " value; change the target column to " + found.type() + " or a type that widens it");
        fit = false;
      }
    }
    return fit;
  }

  private void uniqueKey(TableSpec spec, String name, TableFacts facts, String role) {
    if (!facts.uniqueKeys().contains(new HashSet<>(spec.primaryKey))) {
      problems.add(name, null, "the " + role + " table has no primary key or unique index on the spec's primaryKey "
          + spec.primaryKey + ": rows are merged, checkpointed and compared by it; create one");
    }
  }

  private void privileges(PostgresRowSource side, String qualified, String name, List<String> needed, String role)
      throws StoreException {
    List<String> missing = side.privileges().missingOnTable(qualified, needed);
    if (!missing.isEmpty()) {
      problems.add(name, null, "the " + role + " user lacks " + String.join(", ", missing) + " on table "
          + qualified + "; GRANT " + String.join(", ", missing) + " ON " + qualified + " to it");
    }
  }

  /** A FoundationDB source: the key and value layout must map onto the target's columns. */
  private void checkLayout(TableSpec spec, TableShape shape, String name) {
    try {
      FoundationDbTableLayout.of(shape, spec.foundationdb);
    } catch (StoreException e) {
      problems.add(name, null, e.getMessage());
    }
  }
}
