package dev.cutover.store;

/**
 * A store could not do what was asked. {@link Kind#BAD_INPUT} is the spec's or the data's fault and
 * retrying will not help (exit 2); {@link Kind#UNAVAILABLE} is the store's and survived bounded
 * retries (exit 3). Messages name the table, column or key at fault and never carry a secret.
 */
public class StoreException extends Exception {
  public enum Kind {
    BAD_INPUT(2),
    UNAVAILABLE(3);

    private final int exitCode;

    Kind(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final Kind kind;

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

  public Kind kind() {
    return kind;
  }
}
