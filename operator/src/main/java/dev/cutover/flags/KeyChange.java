package dev.cutover.flags;

/**
 * One owned ConfigMap key whose value is not the wanted one. Flag values are not secrets, so
 * both values may go into Events and status messages.
 *
 * @param key the ConfigMap key
 * @param current its value now, null when absent
 * @param wanted the value the operator wants, null when the key should be absent
 */
public record KeyChange(String key, String current, String wanted) {

  /** {@code KEY: 'old' -> 'new'}, with {@code (absent)} for a missing key; long values shortened. */
  public String describe() {
    return key + ": " + quote(current) + " -> " + quote(wanted);
  }

  private static String quote(String value) {
    if (value == null) {
      return "(absent)";
    }
    String oneLine = value.replaceAll("\\s+", " ").strip();
    return "'" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "'";
  }
}
