package dev.cutover.store.foundationdb;

/** Time as the scan sees it: the wall clock in production, a simulated one in tests. */
public interface Ticker {
  long nowMillis();

  void sleep(long millis) throws InterruptedException;

  static Ticker system() {
    return new Ticker() {
      @Override
      public long nowMillis() {
        return System.nanoTime() / 1_000_000;
      }

      @Override
      public void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
      }
    };
  }
}
