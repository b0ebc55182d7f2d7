package dev.cutover.flags;

/**
 * The flag settings of a Migration cannot be expressed: two flags share a key, a read percentage
 * is out of range, a phase and a read percentage contradict the phase table. The message names
 * the fields at fault and what to change; retrying does not help until the spec changes.
 */
public class InvalidFlagsException extends IllegalArgumentException {
  public InvalidFlagsException(String message) {
    super(message);
  }
}
