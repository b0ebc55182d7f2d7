package dev.cutover.worker.verify;

import dev.cutover.store.StoreException;
import java.util.Map;

/**
 * How the differing keys of a table are confirmed before they count (see {@link DifferenceConfirmation}).
 *
 * @param rounds re-reads of the still-differing keys; 0 counts what the comparison found as is
 * @param pauseMillis wait before each round, so a write that is mid-mirror has landed on both sides
 * @param chunkKeys differing keys held at once; more are confirmed chunk after chunk, so memory stays flat
 * @param readBatch keys read from a store in one request
 * @param pause how the wait is taken (a test hooks in here to change a side between rounds)
 */
record ConfirmationSettings(int rounds, long pauseMillis, int chunkKeys, int readBatch, Pause pause) {
  static final ConfirmationSettings DEFAULT = new ConfirmationSettings(3, 500, 10_000, 500, (round, millis) -> Thread.sleep(millis));

  static final String ENV_ROUNDS = "CUTOVER_VERIFY_CONFIRM_ROUNDS";
  static final String ENV_PAUSE_MS = "CUTOVER_VERIFY_CONFIRM_PAUSE_MS";

  ConfirmationSettings {
    if (rounds < 0 || pauseMillis < 0 || chunkKeys < 1 || readBatch < 1) {
      throw new IllegalArgumentException("confirmation settings out of range: rounds " + rounds + ", pause "
          + pauseMillis + " ms, chunk " + chunkKeys + ", batch " + readBatch);
    }
  }

  /** The defaults, with the rounds and the pause from the worker's environment when set there. */
  static ConfirmationSettings fromEnv(Map<String, String> env) throws StoreException {
    return new ConfirmationSettings(number(env, ENV_ROUNDS, DEFAULT.rounds()), number(env, ENV_PAUSE_MS,
        (int) DEFAULT.pauseMillis()), DEFAULT.chunkKeys(), DEFAULT.readBatch(), DEFAULT.pause());
  }

  private static int number(Map<String, String> env, String name, int fallback) throws StoreException {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw StoreException.badInput(name + " must be a non-negative whole number, not \"" + value + "\"");
  }

  /** Waits before a confirmation round. */
  @FunctionalInterface
  interface Pause {
    /** @param round the round about to run, from 1 */
    void before(int round, long millis) throws InterruptedException;
  }
}
