package dev.cutover.store;

import java.util.OptionalLong;

/** A store that can say roughly how many rows a table holds, so progress can show an ETA. */
public interface RowCountEstimate {
  /** The estimate, or empty when the store does not know. */
  OptionalLong estimatedRows(TableShape table) throws StoreException;
}
