package dev.cutover.store.foundationdb;

/**
 * A value that cannot become the text of its target column. Carries only the reason; the layout
 * that decodes the row adds the table, the column and the key before it leaves this package.
 */
final class ValueRejected extends RuntimeException {
  ValueRejected(String reason) {
    super(reason, null, false, false);
  }
}
