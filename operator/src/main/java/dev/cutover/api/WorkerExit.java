package dev.cutover.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The exit codes of the worker commands ({@code cutover backfill}, {@code cutover verify}): half of
 * the contract between a worker pod and the operator that reads its termination, the other half
 * being {@link WorkerResult}. The one definition: the worker exits with these, the operator reads
 * a pod's exit code back through {@link #of(Integer)}.
 */
public enum WorkerExit {
  /** Done: copied, or the two sides agree. */
  OK(0),
  /** Verification found rows that differ; a repair or a new run may follow. */
  MISMATCHES(1),
  /** The spec, the manifest, the environment or the data is at fault; a retry will not help. */
  BAD_INPUT(2),
  /** A store failed after bounded retries; a new attempt may succeed. */
  STORE_FAILED(3);

  private final int code;

  WorkerExit(int code) {
    this.code = code;
  }

  /** The process exit code. */
  public int code() {
    return code;
  }

  /** The exit a pod's exit code means, or empty for a code outside the contract (a custom template, a crash). */
  public static Optional<WorkerExit> of(Integer code) {
    return code == null ? Optional.empty() : Arrays.stream(values()).filter(exit -> exit.code == code).findFirst();
  }
}
