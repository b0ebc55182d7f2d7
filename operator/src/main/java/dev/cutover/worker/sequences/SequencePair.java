package dev.cutover.worker.sequences;

import dev.cutover.store.TableShape;
import dev.cutover.store.postgres.PostgresSequences.Sequence;

/**
 * A migrated column and the sequences that feed it on each side: {@code source} is null for a
 * FoundationDB source, or when only the target's column has one (a target that takes ids from its
 * own identity column); {@code target} is null when the target lacks the counterpart.
 */
public record SequencePair(TableShape table, String column, Sequence source, Sequence target) {
  /** The table as results name it: the spec's name, schema-qualified when not public. */
  public String tableName() {
    return dev.cutover.worker.TableShapes.resultName(table.schema(), table.name());
  }

  /** The sequence as results name it, schema-qualified; null for none. */
  public static String display(Sequence sequence) {
    return sequence == null ? null : sequence.schema() + "." + sequence.name();
  }
}
