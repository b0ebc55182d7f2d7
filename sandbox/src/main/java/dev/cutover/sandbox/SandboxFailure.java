package dev.cutover.sandbox;

/** The sandbox run cannot go on; the message says where it stopped and why. */
final class SandboxFailure extends Exception {
  SandboxFailure(String message) {
    super(message);
  }
}
