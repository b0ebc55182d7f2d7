package dev.cutover.jobs;

import dev.cutover.api.WorkerResult;

/**
 * What one worker pod says about itself: its completion index, how its container ended and the
 * WorkerResult from its termination message, when there is one that parses.
 *
 * @param pod the pod's name
 * @param index the completion index (0 for a non-Indexed Job)
 * @param terminated whether the result-bearing container has terminated
 * @param exitCode the container's exit code once terminated, else null
 * @param terminatedReason the kubelet's reason once terminated (Completed, Error, OOMKilled, ...)
 * @param finishedAt when the container terminated (RFC 3339), else null
 * @param waitingReason while not started, why (ContainerCreating, CreateContainerConfigError, ImagePullBackOff, ...)
 * @param waitingMessage the kubelet's message for the wait (names the Secret or image at fault; no values), bounded
 * @param result the parsed WorkerResult, or null
 * @param problem why a terminated container has no readable result (never the message itself), or null
 */
public record PodReport(
    String pod,
    int index,
    boolean terminated,
    Integer exitCode,
    String terminatedReason,
    String finishedAt,
    String waitingReason,
    String waitingMessage,
    WorkerResult result,
    String problem) {

  /** The exit code the worker reported, else the container's. */
  public Integer effectiveExitCode() {
    return result != null ? Integer.valueOf(result.exitCode) : exitCode;
  }
}
