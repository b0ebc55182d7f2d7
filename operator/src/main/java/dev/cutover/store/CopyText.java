package dev.cutover.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's COPY text format: fields separated by tab, rows ended by newline, {@code \N} for
 * NULL, and backslash escapes for backslash, tab, newline and carriage return. The one place rows
 * are escaped for COPY or split back into fields.
 */
public final class CopyText {
  public static final String NULL = "\\N";

  private CopyText() {}

  /** Escapes one field value; null becomes {@code \N}. */
  public static void appendField(StringBuilder out, String value) {
    if (value == null) {
      out.append(NULL);
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }

  /** One line (without its newline) from field values. */
  public static String line(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append('\t');
      }
      appendField(out, values.get(i));
    }
    return out.toString();
  }

  /** Splits one line (without its newline) into unescaped field values; {@code \N} becomes null. */
  public static String[] split(String line) {
    List<String> fields = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == '\t') {
        fields.add(unescape(line, start, i));
        start = i + 1;
      }
    }
    return fields.toArray(new String[0]);
  }

  /** Splits the UTF-8 line {@code bytes[from, to)} into fields. */
  public static String[] split(byte[] bytes, int from, int to) {
    return split(new String(bytes, from, to - from, StandardCharsets.UTF_8));
  }

  private static String unescape(String line, int from, int to) {
    if (to - from == 2 && line.charAt(from) == '\\' && line.charAt(from + 1) == 'N') {
      return null;
    }
    if (line.indexOf('\\', from) < 0 || line.indexOf('\\', from) >= to) {
      return line.substring(from, to);
    }
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = line.charAt(i);
      if (c != '\\' || i + 1 >= to) {
        out.append(c);
        continue;
      }
      char next = line.charAt(++i);
      switch (next) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case 'x' -> i = appendCode(out, line, i + 1, to, 16, 2) - 1;
        default -> {
          if (next >= '0' && next <= '7') {
            i = appendCode(out, line, i, to, 8, 3) - 1;
          } else {
            out.append(next);
          }
        }
      }
    }
    return out.toString();
  }

  /** Appends the character written as up to {@code maxDigits} digits at {@code from}; returns the end. */
  private static int appendCode(StringBuilder out, String line, int from, int to, int radix, int maxDigits) {
    int end = from;
    while (end < to && end - from < maxDigits && Character.digit(line.charAt(end), radix) >= 0) {
      end++;
    }
    if (end == from) {
      out.append('x');
      return from;
    }
    out.append((char) Integer.parseInt(line.substring(from, end), radix));
    return end;
  }
}
