package dev.cutover.sandbox;

import java.util.concurrent.locks.LockSupport;

/** Spaces operations shared by several threads evenly, at a fixed rate per second. */
final class Pacer {
  private final long intervalNanos;
  private long next = System.nanoTime();

  Pacer(int perSecond) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("the rate must be at least 1 per second, was " + perSecond);
    }
    this.intervalNanos = 1_000_000_000L / perSecond;
  }

  /** Waits for this caller's slot. */
  void await() {
    long slot;
    synchronized (this) {
      // A thread that fell behind does not earn a burst: slots never lie in the past.
      slot = Math.max(next, System.nanoTime());
      next = slot + intervalNanos;
    }
    long wait = slot - System.nanoTime();
    if (wait > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
