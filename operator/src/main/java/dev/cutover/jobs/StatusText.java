package dev.cutover.jobs;

/**
 * Text that goes into a Migration's status or Events: single-line and bounded, so one noisy pod
 * cannot fill the object (status shares the 1.5 MiB object limit with the spec).
 */
final class StatusText {
  /** One detail, such as one pod's error. */
  static final int MAX_DETAIL = 300;
  /** A whole message, such as a failure reason. */
  static final int MAX_MESSAGE = 1024;
  /** One sample key. */
  static final int MAX_KEY = 200;

  private StatusText() {}

  /** {@code text} without control characters, cut to {@code max} characters with an ellipsis; null stays null. */
  static String bounded(String text, int max) {
    if (text == null) {
      return null;
    }
    String clean = text.replaceAll("\\p{Cntrl}+", " ").strip();
    return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
  }
}
