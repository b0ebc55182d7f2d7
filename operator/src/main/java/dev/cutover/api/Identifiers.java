package dev.cutover.api;

/** The shape of a SQL identifier taken from a spec. Identifiers are always double-quoted in SQL. */
public final class Identifiers {
  /**
   * Any name PostgreSQL accepts when quoted (mixed case, spaces, non-ASCII), at most 63 characters,
   * and never a double quote or a control character. Written with {@code \xNN} escapes, which both
   * Java and the API server's Go (RE2) regular expressions understand; {@code \}{@code uNNNN} is
   * Java-only and would make the API server refuse the CRD.
   */
  public static final String PATTERN = "^[^\"\\x00-\\x1f\\x7f]{1,63}$";

  /**
   * The longest identifier, in characters, as the schema's maxLength: the CEL cost estimate of
   * rules that compare identifiers needs it. PostgreSQL's own limit is 63 bytes, so a non-ASCII
   * name may still be longer than PostgreSQL keeps.
   */
  public static final int MAX_LENGTH = 63;

  private static final java.util.regex.Pattern COMPILED = java.util.regex.Pattern.compile(PATTERN);

  private Identifiers() {}

  public static boolean isValid(String identifier) {
    return identifier != null && COMPILED.matcher(identifier).matches();
  }

  /** Quotes an identifier for SQL; refuses one the schema would have refused. */
  public static String quote(String identifier) {
    if (!isValid(identifier)) {
      throw new IllegalArgumentException(
          "invalid SQL identifier " + describe(identifier)
              + ": 1 to 63 characters, no double quote, no control character");
    }
    return '"' + identifier + '"';
  }

  private static String describe(String identifier) {
    return identifier == null ? "(missing)" : "'" + identifier.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
