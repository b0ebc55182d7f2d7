package dev.cutover.flags;

/**
 * An object kept changing between the operator's read and its write (HTTP 409 on every one of a
 * bounded number of attempts). Nothing was written by the last attempt; retry later.
 */
public class ConflictingEditsException extends RuntimeException {
  public ConflictingEditsException(String message, Throwable cause) {
    super(message, cause);
  }
}
