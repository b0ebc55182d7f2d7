package dev.cutover.worker.sequences;

import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.postgres.PostgresSequences;
import dev.cutover.store.postgres.PostgresSequences.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every migrated column a sequence feeds on either side, paired by table and column: the columns
 * the preflight checks and the sequences command moves. Found through the catalog (serial,
 * identity and {@code nextval()} defaults), never by reading default expressions as text.
 */
public final class FedColumns {
  private FedColumns() {}

  /** @param source the source's sequences, null for a FoundationDB source */
  public static List<SequencePair> pair(List<TableShape> tables, PostgresSequences source, PostgresSequences target)
      throws StoreException {
    List<SequencePair> pairs = new ArrayList<>();
    for (TableShape table : tables) {
      Map<String, Sequence> onSource = source == null ? Map.of() : source.feeding(table);
      Map<String, Sequence> onTarget = target.feeding(table);
      Set<String> columns = new LinkedHashSet<>(onSource.keySet());
      columns.addAll(onTarget.keySet());
      for (String column : columns) {
        pairs.add(new SequencePair(table, column, onSource.get(column), onTarget.get(column)));
      }
    }
    return pairs;
  }
}
