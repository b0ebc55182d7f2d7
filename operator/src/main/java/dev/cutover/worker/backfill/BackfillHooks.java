package dev.cutover.worker.backfill;

import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;

/**
 * Moments of one partition's backfill at which a test acts, to race the application's writes
 * against each phase without sleeping (docs/backfill.md lists why each one is safe). The worker
 * passes {@link #NONE}.
 */
interface BackfillHooks {
  BackfillHooks NONE = (moment, table) -> { };

  enum Moment {
    /** Before the copy's scan opens, so before its snapshot. */
    COPY_STARTING,
    /** After each batch of the copy commits: the snapshot is taken and rows are still to come. */
    BATCH_COPIED,
    /** The range is copied; its catch-up has not started. */
    COPIED,
    /** The catch-up has compared a stretch of the range and is about to rewrite what differs. */
    CATCH_UP_COMPARED,
  }

  void at(Moment moment, TableShape table) throws StoreException;
}
