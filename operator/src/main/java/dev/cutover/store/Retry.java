package dev.cutover.store;

import java.time.Duration;
import java.util.Map;

/**
 * How often and how patiently a store operation is retried: {@code attempts} tries in all, the
 * delay doubling from {@code firstDelay} up to {@code maxDelay}. Bounded, so that a store that stays
 * down ends the worker with exit 3 rather than hanging it.
 */
public record Retry(int attempts, Duration firstDelay, Duration maxDelay) {
  /** Tuning knobs for operators of the worker (and for tests, which want small delays). */
  public static final String ENV_ATTEMPTS = "CUTOVER_STORE_ATTEMPTS";
  public static final String ENV_FIRST_DELAY_MS = "CUTOVER_STORE_RETRY_DELAY_MS";

  public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(16));

  public Retry {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  /** {@link #DEFAULT}, overridden by {@link #ENV_ATTEMPTS} and {@link #ENV_FIRST_DELAY_MS} when set. */
  public static Retry fromEnv(Map<String, String> env) throws StoreException {
    int attempts = intFrom(env, ENV_ATTEMPTS, DEFAULT.attempts());
    int firstDelayMs = intFrom(env, ENV_FIRST_DELAY_MS, (int) DEFAULT.firstDelay().toMillis());
    Duration first = Duration.ofMillis(firstDelayMs);
    Duration max = first.multipliedBy(16);
    return new Retry(attempts, first, max);
  }

  /** The delay before attempt {@code attempt + 1}, {@code attempt} counting from 1. */
  public Duration delayAfter(int attempt) {
    Duration delay = firstDelay;
    for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }

  /** Sleeps {@link #delayAfter(int)}; an interrupt ends the retries as a store failure. */
  public void pause(int attempt) throws StoreException {
    try {
      Thread.sleep(delayAfter(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StoreException.unavailable("interrupted while waiting to retry", e);
    }
  }

  private static int intFrom(Map<String, String> env, String name, int fallback) throws StoreException {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= (name.equals(ENV_ATTEMPTS) ? 1 : 0)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw StoreException.badInput(name + " must be a non-negative whole number (attempts: at least 1)");
  }
}
