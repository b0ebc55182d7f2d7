package dev.cutover.store;

/**
 * What a backfill's catch-up changed in the target (see docs/backfill.md): rows it deleted because
 * the source no longer has them, rows it inserted because the copy's snapshot did not have them, and
 * rows it overwrote with the source's current version.
 */
public record CatchUpCounts(long deleted, long inserted, long overwritten) {
  public static final CatchUpCounts NONE = new CatchUpCounts(0, 0, 0);

  public CatchUpCounts plus(CatchUpCounts other) {
    return new CatchUpCounts(deleted + other.deleted, inserted + other.inserted, overwritten + other.overwritten);
  }

  public long total() {
    return deleted + inserted + overwritten;
  }
}
