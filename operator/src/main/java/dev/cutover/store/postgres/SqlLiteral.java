package dev.cutover.store.postgres;

/**
 * The one place a value is written into SQL as a literal, for the statements that cannot take bind
 * parameters ({@code COPY (SELECT ...)}). Relies on {@code standard_conforming_strings = on}, which
 * every session opened by {@link PostgresConnector} sets: then the only character that needs
 * escaping inside {@code '...'} is the single quote, doubled. A backslash is an ordinary character.
 */
final class SqlLiteral {
  private SqlLiteral() {}

  /** {@code 'value'}, quotes doubled; refuses NUL, which no PostgreSQL text value can hold. */
  static String quote(String value) {
    if (value == null) {
      throw new IllegalArgumentException("a key value cannot be NULL");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a key value cannot contain the NUL character");
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      out.append(c);
      if (c == '\'') {
        out.append('\'');
      }
    }
    return out.append('\'').toString();
  }

  /**
   * {@code 'value'::type}. The type comes from the catalog ({@code format_type}), never from a spec,
   * so it is already a valid, quoted where needed, type name.
   */
  static String typed(String value, String catalogType) {
    return quote(value) + "::" + catalogType;
  }
}
