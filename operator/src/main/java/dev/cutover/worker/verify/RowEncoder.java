package dev.cutover.worker.verify;

import dev.cutover.store.Column;
import dev.cutover.store.CopyText;
import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one row of a table into its canonical bytes (each column's {@link ValueCanonicalizer}
 * output, length-framed so that {@code ("ab","c")} and {@code ("a","bc")} differ and NULL differs
 * from the empty string), a 128-bit hash of the row, and a 128-bit hash of its key's canonical
 * bytes. Reads COPY text lines straight from a batch's bytes, unescaping only fields that carry a
 * backslash, and reuses its buffers: the per-row path allocates nothing for the common types. One
 * instance per thread.
 */
final class RowEncoder {
  private static final long ROW_SEED = 0x5eed_0001L;
  private static final long KEY_SEED = 0x5eed_0002L;

  private final TableShape table;
  private final ValueCanonicalizer[] canonicalizers;
  private final int[] keyIndexes;
  private final int[] fieldStart;
  private final int[] fieldEnd;
  private final CanonicalBytes row = new CanonicalBytes();
  private final CanonicalBytes key = new CanonicalBytes(64);
  private final Murmur3Hash128 hash = new Murmur3Hash128();
  private byte[] unescaped = new byte[256];
  private long rowLow;
  private long rowHigh;
  private long keyLow;
  private long keyHigh;
  private byte[] lineText;
  private int lineStart;
  private int lineEnd;
  private String[] rowFields;

  RowEncoder(TableShape table) {
    this.table = table;
    List<Column> columns = table.columns();
    this.canonicalizers = new ValueCanonicalizer[columns.size()];
    for (int i = 0; i < canonicalizers.length; i++) {
      canonicalizers[i] = ColumnTypes.canonicalizer(columns.get(i).type());
    }
    this.keyIndexes = table.keyIndexes();
    this.fieldStart = new int[canonicalizers.length];
    this.fieldEnd = new int[canonicalizers.length];
  }

  /**
   * Encodes the COPY text line that starts at {@code from} and ends with a newline before
   * {@code limit}; returns the index after that newline.
   */
  int encodeLine(byte[] text, int from, int limit) throws StoreException {
    row.clear();
    int at = from;
    int columns = canonicalizers.length;
    for (int column = 0; column < columns; column++) {
      int start = at;
      boolean escaped = false;
      while (at < limit && text[at] != '\t' && text[at] != '\n') {
        escaped |= text[at] == '\\';
        at++;
      }
      boolean last = column == columns - 1;
      if (at >= limit || (text[at] == '\n') != last) {
        throw malformed(text, from, limit);
      }
      encodeField(column, text, start, at, escaped);
      at++;
    }
    lineText = text;
    lineStart = from;
    lineEnd = at - 1;
    rowFields = null;
    finish();
    return at;
  }

  /** Encodes a row given as unescaped field values, null for SQL NULL. */
  void encode(String[] fields) {
    if (fields.length != canonicalizers.length) {
      throw new IllegalArgumentException("table " + table.name() + ": a row has " + fields.length
          + " fields, the table has " + canonicalizers.length + " columns");
    }
    row.clear();
    for (int column = 0; column < fields.length; column++) {
      fieldStart[column] = row.size();
      if (fields[column] == null) {
        row.putNullField();
      } else {
        byte[] value = fields[column].getBytes(StandardCharsets.UTF_8);
        int mark = row.beginField();
        row.endField(mark, canonicalizers[column].write(value, 0, value.length, row));
      }
      fieldEnd[column] = row.size();
    }
    lineText = null;
    rowFields = fields;
    finish();
  }

  /**
   * The canonical bytes of {@code key}'s values (a copy), equal to {@link #keyBytes()} of any row
   * with that key; sets the key hash and leaves the last row's hash alone.
   */
  byte[] keyBytesOf(Key value) {
    List<String> values = value.values();
    if (values.size() != keyIndexes.length) {
      throw new IllegalArgumentException("key " + value + " has " + values.size() + " values; table "
          + table.name() + " has " + keyIndexes.length + " key columns");
    }
    key.clear();
    for (int k = 0; k < keyIndexes.length; k++) {
      byte[] text = values.get(k).getBytes(StandardCharsets.UTF_8);
      int mark = key.beginField();
      key.endField(mark, canonicalizers[keyIndexes[k]].write(text, 0, text.length, key));
    }
    hash.hash(key.array(), 0, key.size(), KEY_SEED);
    keyLow = hash.low();
    keyHigh = hash.high();
    return key.toByteArray();
  }

  private void encodeField(int column, byte[] text, int from, int to, boolean escaped) {
    fieldStart[column] = row.size();
    if (escaped && to - from == 2 && text[from + 1] == 'N') {
      row.putNullField();
    } else {
      int mark = row.beginField();
      boolean canonical;
      if (escaped) {
        int length = unescape(text, from, to); // may replace the buffer: read the field after it
        canonical = canonicalizers[column].write(unescaped, 0, length, row);
      } else {
        canonical = canonicalizers[column].write(text, from, to, row);
      }
      row.endField(mark, canonical);
    }
    fieldEnd[column] = row.size();
  }

  private void finish() {
    key.clear();
    for (int index : keyIndexes) {
      key.put(row.array(), fieldStart[index], fieldEnd[index]);
    }
    hash.hash(row.array(), 0, row.size(), ROW_SEED);
    rowLow = hash.low();
    rowHigh = hash.high();
    hash.hash(key.array(), 0, key.size(), KEY_SEED);
    keyLow = hash.low();
    keyHigh = hash.high();
  }

  /** COPY text escapes to bytes, into {@link #unescaped}; returns the length. */
  private int unescape(byte[] text, int from, int to) {
    if (unescaped.length < to - from) {
      unescaped = Arrays.copyOf(unescaped, Math.max(to - from, unescaped.length * 2));
    }
    int length = 0;
    for (int i = from; i < to; i++) {
      byte b = text[i];
      if (b != '\\' || i + 1 == to) {
        unescaped[length++] = b;
        continue;
      }
      byte next = text[++i];
      switch (next) {
        case 'b' -> unescaped[length++] = '\b';
        case 'f' -> unescaped[length++] = '\f';
        case 'n' -> unescaped[length++] = '\n';
        case 'r' -> unescaped[length++] = '\r';
        case 't' -> unescaped[length++] = '\t';
        case 'v' -> unescaped[length++] = 0x0b;
        case 'x' -> {
          int value = 0;
          int digits = 0;
          while (digits < 2 && i + 1 < to && ValueCanonicalizer.hexValue(text[i + 1]) >= 0) {
            value = value * 16 + ValueCanonicalizer.hexValue(text[++i]);
            digits++;
          }
          unescaped[length++] = digits == 0 ? (byte) 'x' : (byte) value;
        }
        default -> {
          if (next >= '0' && next <= '7') {
            int value = next - '0';
            for (int digits = 1; digits < 3 && i + 1 < to && text[i + 1] >= '0' && text[i + 1] <= '7'; digits++) {
              value = value * 8 + (text[++i] - '0');
            }
            unescaped[length++] = (byte) value;
          } else {
            unescaped[length++] = next;
          }
        }
      }
    }
    return length;
  }

  private StoreException malformed(byte[] text, int from, int limit) {
    int fields = 1;
    for (int i = from; i < limit && text[i] != '\n'; i++) {
      fields += text[i] == '\t' ? 1 : 0;
    }
    return StoreException.badInput("table " + table.name() + ": a row has " + fields
        + " fields, expected " + canonicalizers.length + " (the columns of the table shape)");
  }

  long rowHashLow() {
    return rowLow;
  }

  long rowHashHigh() {
    return rowHigh;
  }

  long keyHashLow() {
    return keyLow;
  }

  long keyHashHigh() {
    return keyHigh;
  }

  /** The canonical bytes of the last row (a copy). */
  byte[] rowBytes() {
    return row.toByteArray();
  }

  /** The canonical bytes of the last row's key (a copy): equal keys, equal bytes, whichever store. */
  byte[] keyBytes() {
    return key.toByteArray();
  }

  /** The last row's key as its store wrote it, for reports and repair. */
  Key key() {
    String[] fields = rowFields != null ? rowFields : CopyText.split(lineText, lineStart, lineEnd);
    return Key.fromFields(fields, keyIndexes);
  }

  /** The last row's field values (unescaped; null for SQL NULL). */
  String[] fields() {
    return rowFields != null ? rowFields.clone() : CopyText.split(lineText, lineStart, lineEnd);
  }
}
