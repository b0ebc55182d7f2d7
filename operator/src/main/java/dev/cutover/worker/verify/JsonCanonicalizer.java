package dev.cutover.worker.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * json and jsonb by value, as jsonb compares them: object members in key order whatever order they
 * were written in (a repeated key keeps its last value), numbers by numeric value ({@code 1.0},
 * {@code 1.00} and {@code 1e0} agree), strings after their escapes are resolved, white space
 * ignored. Each value is tagged with its JSON type so that {@code "1"} never equals {@code 1}.
 */
final class JsonCanonicalizer implements ValueCanonicalizer {
  static final JsonCanonicalizer INSTANCE = new JsonCanonicalizer();

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNumberLength(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE)
          .build())
      .build();

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    int mark = out.size();
    try (JsonParser parser = JSON.createParser(text, from, to - from)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return ValueCanonicalizer.raw(text, from, to, out, mark);
      }
      writeValue(parser, first, out);
      if (parser.nextToken() != null) {
        return ValueCanonicalizer.raw(text, from, to, out, mark);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return ValueCanonicalizer.raw(text, from, to, out, mark);
    }
  }

  private static void writeValue(JsonParser parser, JsonToken token, CanonicalBytes out) throws IOException {
    switch (token) {
      case START_OBJECT -> writeObject(parser, out);
      case START_ARRAY -> {
        out.put('[');
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
          writeValue(parser, element, out);
        }
        out.put(']');
      }
      case VALUE_STRING -> {
        out.put('s');
        writeString(parser.getText(), out);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        out.put('n');
        byte[] number = parser.getText().getBytes(StandardCharsets.US_ASCII);
        int field = out.beginField();
        NumericCanonicalizer.INSTANCE.write(number, 0, number.length, out);
        out.endField(field, true);
      }
      case VALUE_TRUE -> out.put('t');
      case VALUE_FALSE -> out.put('f');
      case VALUE_NULL -> out.put('z');
      default -> throw new IOException("unexpected JSON token " + token);
    }
  }

  private static void writeObject(JsonParser parser, CanonicalBytes out) throws IOException {
    Map<String, byte[]> members = new TreeMap<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
      String name = parser.currentName();
      CanonicalBytes value = new CanonicalBytes(32);
      writeValue(parser, parser.nextToken(), value);
      members.put(name, value.toByteArray());
    }
    out.put('{');
    for (Map.Entry<String, byte[]> member : members.entrySet()) {
      writeString(member.getKey(), out);
      out.put(member.getValue(), 0, member.getValue().length);
    }
    out.put('}');
  }

  private static void writeString(String value, CanonicalBytes out) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.putInt(utf8.length);
    out.put(utf8, 0, utf8.length);
  }
}
