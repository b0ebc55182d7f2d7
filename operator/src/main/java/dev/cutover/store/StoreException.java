package dev.cutover.store;

import dev.cutover.api.WorkerExit;

/**
 * A store could not do what was asked. {@link Kind#BAD_INPUT} is the spec's or the data's fault and
 * retrying will not help (exit 2); {@link Kind#UNAVAILABLE} is the store's and survived bounded
 * retries (exit 3). Messages name the table, column or key at fault and never carry a secret.
 */
public class StoreException extends Exception {
  public enum Kind {
    BAD_INPUT(WorkerExit.BAD_INPUT),
    UNAVAILABLE(WorkerExit.STORE_FAILED);

    private final WorkerExit exit;

    Kind(WorkerExit exit) {
      this.exit = exit;
    }

    /** How a worker that fails with this kind exits. */
    public WorkerExit exit() {
      return exit;
    }
  }

  private final Kind kind;
  private boolean retriesSpent;

  public StoreException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public static StoreException badInput(String message) {
    return new StoreException(Kind.BAD_INPUT, message);
  }

  public static StoreException unavailable(String message, Throwable cause) {
    return new StoreException(Kind.UNAVAILABLE, message, cause);
  }

  /**
   * UNAVAILABLE after a loop that retries the store has spent its budget (FoundationDB's read
   * retries): a loop above it must not try again, or the attempts would multiply.
   */
  public static StoreException retriesSpent(String message, Throwable cause) {
    StoreException spent = unavailable(message, cause);
    spent.retriesSpent = true;
    return spent;
  }

  /** True when the store's own retries are behind this failure already. */
  public boolean retriesSpent() {
    return retriesSpent;
  }

  public Kind kind() {
    return kind;
  }
}
