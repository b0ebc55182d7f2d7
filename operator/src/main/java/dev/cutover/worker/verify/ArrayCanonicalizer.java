package dev.cutover.worker.verify;

import static dev.cutover.worker.verify.ValueCanonicalizer.equalsIgnoreCase;

import java.util.Arrays;

/**
 * An array in PostgreSQL's text form ({@code {1,NULL,"a b"}}, nested {@code {{1,2},{3,4}}}, with
 * an optional {@code [0:1]=} bounds prefix): its structure, and each element through the element
 * type's canonicaliser, so that quoting, escaping and blanks around elements do not matter but an
 * unquoted NULL (an SQL NULL) stays different from {@code "NULL"} (a string). Holds parse state:
 * one instance per encoder.
 */
final class ArrayCanonicalizer extends NestedTextParser implements ValueCanonicalizer {
  private final ValueCanonicalizer element;
  private byte[] unescaped = new byte[64];

  ArrayCanonicalizer(ValueCanonicalizer element) {
    this.element = element;
  }

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    int mark = out.size();
    this.text = text;
    this.at = ValueCanonicalizer.skipSpaces(text, from, to);
    this.end = ValueCanonicalizer.trimEnd(text, at, to);
    if (at < end && text[at] == '[') {
      int equals = indexOf('=');
      if (equals < 0) {
        return ValueCanonicalizer.raw(text, from, to, out, mark);
      }
      out.put('d');
      int field = out.beginField();
      out.put(text, at, equals);
      out.endField(field, true);
      at = ValueCanonicalizer.skipSpaces(text, equals + 1, end);
    }
    boolean parsed = dimension(out) && at == end;
    this.text = null;
    return parsed || ValueCanonicalizer.raw(text, from, to, out, mark);
  }

  /** One {@code {...}} level, elements or nested levels separated by commas. */
  private boolean dimension(CanonicalBytes out) {
    return peek('{') && list('{', '}', out, 0);
  }

  /** An element, or a nested level. */
  @Override
  protected boolean item(CanonicalBytes out, int depth) {
    return peek('{') ? dimension(out) : element(out);
  }

  private boolean element(CanonicalBytes out) {
    boolean quoted = peek('"');
    int start = quoted ? ++at : at;
    boolean escaped = false;
    while (at < end) {
      byte b = text[at];
      if (b == '\\') {
        escaped = true;
        at += 2;
        continue;
      }
      if (quoted ? b == '"' : (b == ',' || b == '}')) {
        break;
      }
      if (!quoted && (b == '{' || b == '"')) {
        return false;
      }
      at++;
    }
    if (at >= end) {
      return false;
    }
    int contentEnd = at;
    if (quoted) {
      at++;
    } else {
      contentEnd = ValueCanonicalizer.trimEnd(text, start, contentEnd);
      if (contentEnd == start) {
        return false;
      }
      if (!escaped && equalsIgnoreCase(text, start, contentEnd, "null")) {
        out.put('n');
        return true;
      }
    }
    out.put('v');
    int field = out.beginField();
    boolean canonical;
    if (escaped) {
      int length = unescape(start, contentEnd); // may replace the buffer: read the element after it
      canonical = element.write(unescaped, 0, length, out);
    } else {
      canonical = element.write(text, start, contentEnd, out);
    }
    out.endField(field, canonical);
    return true;
  }

  /** Copies {@code text[from, to)} into {@link #unescaped} without its backslashes; returns the length. */
  private int unescape(int from, int to) {
    if (unescaped.length < to - from) {
      unescaped = Arrays.copyOf(unescaped, Math.max(to - from, unescaped.length * 2));
    }
    int length = 0;
    for (int i = from; i < to; i++) {
      if (text[i] == '\\' && i + 1 < to) {
        i++;
      }
      unescaped[length++] = text[i];
    }
    return length;
  }

  private int indexOf(char c) {
    for (int i = at; i < end; i++) {
      if (text[i] == c) {
        return i;
      }
    }
    return -1;
  }

  @Override
  protected void skipSpaces() {
    at = ValueCanonicalizer.skipSpaces(text, at, end);
  }
}
