package dev.cutover.worker.verify;

import static dev.cutover.worker.verify.ValueCanonicalizer.isDigit;

import java.util.Arrays;

/**
 * json and jsonb by value, as jsonb compares them: object members in one order whatever order they
 * were written in (a repeated key keeps its last value), numbers by numeric value ({@code 1.0},
 * {@code 1.00} and {@code 1e0} agree), strings after their escapes are resolved, white space
 * ignored. Each value is tagged with its JSON type so that {@code "1"} never equals {@code 1}.
 *
 * <p>Hand-written rather than built on a JSON library because it runs once per row: it writes
 * straight into the row's buffer and only moves bytes when an object's members arrive out of
 * order. The order is jsonb's own (shorter keys first, then bytewise), so PostgreSQL's jsonb output
 * is already in order. Holds parse state: one instance per encoder.
 */
final class JsonCanonicalizer extends NestedTextParser implements ValueCanonicalizer {
  private static final int MAX_DEPTH = 1000;

  /** Per open object, (start, end) in the output of each member seen so far; a stack. */
  private int[] members = new int[64];
  private int memberTop;

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    int mark = out.size();
    this.text = text;
    this.at = from;
    this.end = to;
    this.memberTop = 0;
    boolean parsed;
    try {
      skipSpaces();
      parsed = value(out, 0);
      skipSpaces();
      parsed &= at == end;
    } finally {
      this.text = null;
    }
    return parsed || ValueCanonicalizer.raw(text, from, to, out, mark);
  }

  private boolean value(CanonicalBytes out, int depth) {
    if (at >= end || depth > MAX_DEPTH) {
      return false;
    }
    byte b = text[at];
    return switch (b) {
      case '{' -> object(out, depth);
      case '[' -> list('[', ']', out, depth);
      case '"' -> {
        out.put('s');
        yield string(out);
      }
      case 't' -> literal("true", 't', out);
      case 'f' -> literal("false", 'f', out);
      case 'n' -> literal("null", 'z', out);
      default -> b == '-' || isDigit(b) ? number(out) : false;
    };
  }

  /** An array element. */
  @Override
  protected boolean item(CanonicalBytes out, int depth) {
    return value(out, depth + 1);
  }

  private boolean object(CanonicalBytes out, int depth) {
    at++;
    out.put('{');
    int base = memberTop;
    int bodyStart = out.size();
    skipSpaces();
    if (peek('}')) {
      at++;
      out.put('}');
      return true;
    }
    while (true) {
      skipSpaces();
      if (!peek('"')) {
        return false;
      }
      int memberStart = out.size();
      if (!string(out)) {
        return false;
      }
      skipSpaces();
      if (!peek(':')) {
        return false;
      }
      at++;
      skipSpaces();
      if (!value(out, depth + 1)) {
        return false;
      }
      pushMember(memberStart, out.size());
      skipSpaces();
      if (peek(',')) {
        at++;
      } else if (peek('}')) {
        at++;
        break;
      } else {
        return false;
      }
    }
    if (!inStrictOrder(out.array(), base)) {
      reorder(out, base, bodyStart);
    }
    memberTop = base;
    out.put('}');
    return true;
  }

  /** Whether the members from {@code base} are in key order without repeats: nothing to move. */
  private boolean inStrictOrder(byte[] bytes, int base) {
    for (int m = base + 2; m < memberTop; m += 2) {
      if (compareKeys(bytes, members[m - 2], members[m]) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** Rewrites the object body in key order, keeping the last of members with the same key. */
  private void reorder(CanonicalBytes out, int base, int bodyStart) {
    byte[] body = Arrays.copyOfRange(out.array(), bodyStart, out.size());
    int count = (memberTop - base) / 2;
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    // stable: members with the same key stay in arrival order, so the last one wins below
    Arrays.sort(order, (x, y) -> compareKeys(body, members[base + 2 * x] - bodyStart, members[base + 2 * y] - bodyStart));
    out.truncate(bodyStart);
    for (int i = 0; i < count; i++) {
      int member = order[i];
      boolean overridden = i + 1 < count && compareKeys(body, members[base + 2 * member] - bodyStart,
          members[base + 2 * order[i + 1]] - bodyStart) == 0;
      if (!overridden) {
        out.put(body, members[base + 2 * member] - bodyStart, members[base + 2 * member + 1] - bodyStart);
      }
    }
  }

  /** jsonb's key order: shorter first, then bytewise. Keys are stored as a length then the bytes. */
  private static int compareKeys(byte[] bytes, int first, int second) {
    int firstLength = readInt(bytes, first);
    int secondLength = readInt(bytes, second);
    if (firstLength != secondLength) {
      return Integer.compare(firstLength, secondLength);
    }
    return Arrays.compareUnsigned(bytes, first + 4, first + 4 + firstLength, bytes, second + 4, second + 4 + secondLength);
  }

  private static int readInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | (bytes[at + 3] & 0xff);
  }

  private void pushMember(int start, int stop) {
    if (memberTop + 2 > members.length) {
      members = Arrays.copyOf(members, members.length * 2);
    }
    members[memberTop++] = start;
    members[memberTop++] = stop;
  }

  /** A quoted string at {@link #at}: its unescaped UTF-8 bytes, length first. */
  private boolean string(CanonicalBytes out) {
    at++;
    int field = out.beginField();
    int runStart = at;
    while (at < end) {
      byte b = text[at];
      if (b == '"') {
        out.put(text, runStart, at);
        at++;
        out.endField(field, true);
        return true;
      }
      if (b != '\\') {
        at++;
        continue;
      }
      out.put(text, runStart, at);
      if (!escape(out)) {
        return false;
      }
      runStart = at;
    }
    return false;
  }

  /** One backslash escape at {@link #at}, written as UTF-8. */
  private boolean escape(CanonicalBytes out) {
    if (at + 1 >= end) {
      return false;
    }
    byte kind = text[at + 1];
    at += 2;
    switch (kind) {
      case '"', '\\', '/' -> out.put(kind);
      case 'b' -> out.put('\b');
      case 'f' -> out.put('\f');
      case 'n' -> out.put('\n');
      case 'r' -> out.put('\r');
      case 't' -> out.put('\t');
      case 'u' -> {
        int unit = hex4();
        if (unit < 0) {
          return false;
        }
        int codePoint = unit;
        if (Character.isHighSurrogate((char) unit) && at + 1 < end && text[at] == '\\' && text[at + 1] == 'u') {
          int saved = at;
          at += 2;
          int low = hex4();
          if (low >= 0 && Character.isLowSurrogate((char) low)) {
            codePoint = Character.toCodePoint((char) unit, (char) low);
          } else {
            at = saved;
          }
        }
        putUtf8(codePoint, out);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private int hex4() {
    if (at + 4 > end) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = ValueCanonicalizer.hexValue(text[at + i]);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    at += 4;
    return value;
  }

  private static void putUtf8(int codePoint, CanonicalBytes out) {
    if (codePoint < 0x80) {
      out.put((byte) codePoint);
    } else if (codePoint < 0x800) {
      out.put((byte) (0xc0 | codePoint >> 6));
      out.put((byte) (0x80 | codePoint & 0x3f));
    } else if (codePoint < 0x10000) {
      out.put((byte) (0xe0 | codePoint >> 12));
      out.put((byte) (0x80 | codePoint >> 6 & 0x3f));
      out.put((byte) (0x80 | codePoint & 0x3f));
    } else {
      out.put((byte) (0xf0 | codePoint >> 18));
      out.put((byte) (0x80 | codePoint >> 12 & 0x3f));
      out.put((byte) (0x80 | codePoint >> 6 & 0x3f));
      out.put((byte) (0x80 | codePoint & 0x3f));
    }
  }

  private boolean number(CanonicalBytes out) {
    int start = at;
    while (at < end && isNumberByte(text[at])) {
      at++;
    }
    out.put('n');
    int field = out.beginField();
    boolean canonical = NumericCanonicalizer.INSTANCE.write(text, start, at, out);
    out.endField(field, canonical);
    return canonical;
  }

  private static boolean isNumberByte(byte b) {
    return isDigit(b) || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
  }

  private boolean literal(String word, char tag, CanonicalBytes out) {
    if (at + word.length() > end) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (text[at + i] != word.charAt(i)) {
        return false;
      }
    }
    at += word.length();
    out.put(tag);
    return true;
  }

  /** JSON's white space: space, tab, line feed, carriage return. */
  @Override
  protected void skipSpaces() {
    while (at < end && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) {
      at++;
    }
  }
}
