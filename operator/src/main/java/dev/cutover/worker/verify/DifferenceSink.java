package dev.cutover.worker.verify;

import dev.cutover.store.StoreException;

/** Receives the differing keys of a table as the comparison finds them. */
interface DifferenceSink {
  void accept(Difference difference) throws StoreException;

  /** Called once a table has been compared: whatever was held back must be handled now. */
  default void tableDone() throws StoreException {}
}
