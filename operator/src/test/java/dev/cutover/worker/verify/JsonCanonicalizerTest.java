package dev.cutover.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random JSON documents written two ways encode alike; a changed leaf encodes differently. */
class JsonCanonicalizerTest {
  private static final String[] KEYS = {"a", "b", "id", "name", "ключ", "日本", "a\"q", "tab\tkey", "", "zz", "é"};

  @Test
  void randomDocumentsAgreeHoweverTheyAreWritten() {
    Random random = new Random(13);
    for (int i = 0; i < 3000; i++) {
      Object document = value(random, 0);
      String compact = write(document, false, random);
      String loose = write(document, true, random);
      assertThat(encode(loose)).as("%s vs %s", compact, loose).isEqualTo(encode(compact));
      Object changed = changeOneLeaf(document, random);
      if (changed != null) {
        String other = write(changed, false, random);
        assertThat(encode(other)).as("%s vs %s", compact, other).isNotEqualTo(encode(compact));
      }
    }
  }

  @Test
  void malformedJsonIsKeptAsTextAndDiffersFromEveryParsedValue() {
    for (String bad : List.of("{", "{\"a\" 1}", "[1,]", "tru", "\"open", "{\"a\":1}}", "01x", "[1 2]")) {
      byte[] row = CanonicalEncodingTest.canonical("jsonb", bad);
      assertThat(row[0] & 0x40).as(bad).isNotZero(); // the RAW flag of the field header
    }
  }

  private static String encode(String json) {
    return CanonicalEncodingTest.hex(CanonicalEncodingTest.canonical("jsonb", json));
  }

  private static Object value(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 4 : 6);
    switch (kind) {
      case 0:
        return new BigDecimal(random.nextInt(2_000_000) - 1_000_000).movePointLeft(random.nextInt(5));
      case 1:
        return string(random);
      case 2:
        return random.nextBoolean();
      case 3:
        return null;
      case 4: {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(value(random, depth + 1));
        }
        return list;
      }
      default: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          map.put(KEYS[random.nextInt(KEYS.length)], value(random, depth + 1));
        }
        return map;
      }
    }
  }

  private static String string(Random random) {
    String[] pieces = {"x", "é", "日", "😀", "\"", "\\", "/", "\n", " ", "abc"};
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(4); i > 0; i--) {
      out.append(pieces[random.nextInt(pieces.length)]);
    }
    return out.toString();
  }

  /** {@code loose}: shuffled members, blanks, numbers with trailing zeros or exponents, \\u escapes. */
  @SuppressWarnings("unchecked")
  private static String write(Object value, boolean loose, Random random) {
    String space = loose ? " \n " : "";
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof BigDecimal number) {
      if (!loose) {
        return number.toPlainString();
      }
      return random.nextBoolean() ? number.setScale(number.scale() + 2).toPlainString()
          : number.unscaledValue() + "e" + (-number.scale());
    }
    if (value instanceof String text) {
      return quote(text, loose);
    }
    if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object item : list) {
        items.add(write(item, loose, random));
      }
      return "[" + space + String.join("," + space, items) + space + "]";
    }
    List<Map.Entry<String, Object>> entries = new ArrayList<>(((Map<String, Object>) value).entrySet());
    if (loose) {
      Collections.shuffle(entries, random);
    }
    List<String> members = new ArrayList<>();
    for (Map.Entry<String, Object> entry : entries) {
      members.add(quote(entry.getKey(), loose) + space + ":" + space + write(entry.getValue(), loose, random));
    }
    return "{" + space + String.join("," + space, members) + space + "}";
  }

  private static String quote(String text, boolean escapeAll) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (escapeAll && (c > 127 || c == '/')) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @SuppressWarnings("unchecked")
  private static Object changeOneLeaf(Object value, Random random) {
    if (value instanceof BigDecimal number) {
      return number.add(BigDecimal.ONE);
    }
    if (value instanceof String text) {
      return text + "!";
    }
    if (value instanceof Boolean flag) {
      return !flag;
    }
    if (value == null) {
      return BigDecimal.ZERO;
    }
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        return List.of(BigDecimal.ONE);
      }
      List<Object> copy = new ArrayList<>(list);
      int index = random.nextInt(copy.size());
      Object changed = changeOneLeaf(copy.get(index), random);
      copy.set(index, changed);
      return copy;
    }
    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) value);
    if (copy.isEmpty()) {
      copy.put("new", BigDecimal.ONE);
      return copy;
    }
    String key = new ArrayList<>(copy.keySet()).get(random.nextInt(copy.size()));
    copy.put(key, changeOneLeaf(copy.get(key), random));
    return copy;
  }
}
