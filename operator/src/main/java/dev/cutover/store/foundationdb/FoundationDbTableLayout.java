package dev.cutover.store.foundationdb;

import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.api.FoundationDbTableSpec;
import dev.cutover.api.FoundationDbValueFormat;
import dev.cutover.store.Column;
import dev.cutover.store.CopyText;
import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one table lives in FoundationDB, and the decoding of its key-value pairs into COPY text rows.
 *
 * <p>A row is one key-value pair under the table's {@link Subspace} (the packed {@code keyPrefix},
 * see {@link KeyPrefix}). The tuple elements after the prefix are the {@code key} columns, in order;
 * they must be exactly the table's primary-key columns. With {@code value: json} the value is a
 * UTF-8 JSON object whose fields are columns by name: a missing field is NULL, a field that is not
 * a copied column is ignored but counted ({@link #ignoredFields()}) and logged once, and a field
 * named like a key column is ignored because the key is the truth. With {@code value: tuple} the
 * value is a packed tuple whose elements are the {@code valueColumns} in order; its arity must match
 * and every copied column must be a key column or a value column. Values become column text by
 * {@link PostgresText}. Anything that does not decode or convert is a {@link StoreException.Kind#BAD_INPUT}
 * naming the table, the column and the key, never a skipped row.
 */
public final class FoundationDbTableLayout {
  private static final Logger LOG = LoggerFactory.getLogger(FoundationDbTableLayout.class);
  private static final int TRACKED_FIELDS = 100;
  private static final String OTHER_FIELDS = "(other fields)";

  private final TableShape table;
  private final String tableName;
  private final Subspace subspace;
  private final FoundationDbValueFormat format;
  private final TargetType[] types;
  private final int[] keyElement;
  private final int[] valueElement;
  private final String[] jsonField;
  private final int valueArity;
  private final Set<String> keyColumns;
  private final int[] primaryKeyColumns;
  private final int[] keyElementColumns;
  private final Map<String, Long> ignoredFields = new LinkedHashMap<>();

  private FoundationDbTableLayout(TableShape table, FoundationDbTableSpec spec, String tableName) throws StoreException {
    this.table = table;
    this.tableName = tableName;
    this.subspace = new Subspace(KeyPrefix.parse(spec.keyPrefix, tableName));
    this.format = spec.value == null ? FoundationDbValueFormat.JSON : spec.value;
    List<Column> columns = table.columns();
    this.types = columns.stream().map(c -> TargetType.parse(c.type())).toArray(TargetType[]::new);
    this.keyElement = positions(columns, spec.key, "key");
    requirePrimaryKey(spec.key);
    this.keyColumns = Set.copyOf(spec.key);
    this.keyElementColumns = spec.key.stream().mapToInt(table::columnIndex).toArray();
    this.primaryKeyColumns = table.keyIndexes();
    requireKeyTypes();
    if (format == FoundationDbValueFormat.TUPLE) {
      this.valueElement = positions(columns, spec.valueColumns, "valueColumns");
      this.valueArity = spec.valueColumns.size();
      this.jsonField = null;
      checkEveryColumnHasASource(columns);
    } else {
      this.valueElement = null;
      this.valueArity = 0;
      this.jsonField = new String[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        jsonField[i] = keyElement[i] >= 0 ? null : columns.get(i).name();
      }
    }
  }

  /** The layout of {@code table} as {@code spec} (its {@code foundationdb} block) describes it. */
  public static FoundationDbTableLayout of(TableShape table, FoundationDbTableSpec spec) throws StoreException {
    String tableName = table.qualifiedName();
    if (spec == null) {
      throw StoreException.badInput("table " + tableName + " has no foundationdb block (keyPrefix, key, value)");
    }
    if (spec.key == null || spec.key.isEmpty()) {
      throw StoreException.badInput("table " + tableName + ": foundationdb.key is empty; name the columns of the"
          + " tuple elements after the prefix");
    }
    if (spec.value == FoundationDbValueFormat.TUPLE && (spec.valueColumns == null || spec.valueColumns.isEmpty())) {
      throw StoreException.badInput("table " + tableName + ": value: tuple needs valueColumns,"
          + " the columns the tuple elements map to in order");
    }
    return new FoundationDbTableLayout(table, spec, tableName);
  }

  /** For each column, the position of its element in {@code names}, or -1. */
  private int[] positions(List<Column> columns, List<String> names, String field) throws StoreException {
    int[] positions = new int[columns.size()];
    Arrays.fill(positions, -1);
    Set<String> seen = new HashSet<>();
    for (int element = 0; element < names.size(); element++) {
      String name = names.get(element);
      if (!seen.add(name)) {
        throw StoreException.badInput("table " + tableName + ": foundationdb." + field + " names column " + name + " twice");
      }
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).name().equals(name)) {
          positions[i] = element;
        }
      }
    }
    return positions;
  }

  private void requirePrimaryKey(List<String> key) throws StoreException {
    if (!Set.copyOf(key).equals(Set.copyOf(table.primaryKey()))) {
      throw StoreException.badInput("table " + tableName + ": foundationdb.key " + key
          + " must name exactly the primary-key columns " + table.primaryKey() + " (in the order of the tuple)");
    }
  }

  private void requireKeyTypes() throws StoreException {
    for (int column : keyElementColumns) {
      if (!KeyElements.SUPPORTED.contains(types[column].family())) {
        throw StoreException.badInput("table " + tableName + ": key column " + table.columns().get(column).name()
            + " has type " + types[column] + "; FoundationDB key columns may be smallint, integer, bigint,"
            + " integral numeric, real, double precision, text types, uuid, bytea or boolean");
      }
    }
  }

  private void checkEveryColumnHasASource(List<Column> columns) throws StoreException {
    for (int i = 0; i < columns.size(); i++) {
      if (keyElement[i] < 0 && valueElement[i] < 0) {
        throw StoreException.badInput("table " + tableName + ": column " + columns.get(i).name()
            + " is neither in foundationdb.key nor in foundationdb.valueColumns; add it to valueColumns"
            + " or leave it out of the table's columns");
      }
    }
  }

  public TableShape table() {
    return table;
  }

  public Subspace subspace() {
    return subspace;
  }

  /**
   * Appends the row of one key-value pair as a COPY text line (ended by a newline) and returns its
   * primary key.
   */
  public Key appendRow(KeyValue pair, StringBuilder out) throws StoreException {
    byte[] rawKey = pair.getKey();
    Tuple key = keyTuple(rawKey);
    Object value = format == FoundationDbValueFormat.TUPLE ? valueTuple(pair.getValue(), rawKey) : jsonObject(pair.getValue(), rawKey);
    String[] fields = new String[types.length];
    for (int i = 0; i < types.length; i++) {
      Object element = keyElement[i] >= 0 ? key.get(keyElement[i]) : valueOf(value, i);
      try {
        fields[i] = PostgresText.render(types[i], element);
      } catch (ValueRejected e) {
        throw badValue(rawKey, i, e.getMessage());
      }
      if (keyElement[i] >= 0) {
        checkResumable(rawKey, i, element, fields[i]);
      }
    }
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.append('\t');
      }
      CopyText.appendField(out, fields[i]);
    }
    out.append('\n');
    List<String> keyValues = new ArrayList<>(primaryKeyColumns.length);
    for (int column : primaryKeyColumns) {
      keyValues.add(fields[column]);
    }
    return new Key(keyValues);
  }

  private Object valueOf(Object value, int column) {
    if (value instanceof Tuple tuple) {
      return valueElement[column] >= 0 ? tuple.get(valueElement[column]) : null;
    }
    return jsonField[column] == null ? null : ((ObjectNode) value).get(jsonField[column]);
  }

  private Tuple keyTuple(byte[] rawKey) throws StoreException {
    Tuple key;
    try {
      key = subspace.unpack(rawKey);
    } catch (IllegalArgumentException e) {
      throw badRow(rawKey, "the key is not a tuple under the table's keyPrefix (" + e.getMessage() + ")");
    }
    if (key.size() != keyElementColumns.length) {
      throw badRow(rawKey, "the key has " + key.size() + " tuple elements after the prefix; foundationdb.key expects "
          + keyElementColumns.length + " " + keyColumnNames());
    }
    return key;
  }

  private Tuple valueTuple(byte[] rawValue, byte[] rawKey) throws StoreException {
    Tuple value;
    try {
      value = Tuple.fromBytes(rawValue);
    } catch (IllegalArgumentException e) {
      throw badRow(rawKey, "the value is not a packed tuple (" + e.getMessage() + ")");
    }
    if (value.size() != valueArity) {
      throw badRow(rawKey, "the value tuple has " + value.size() + " elements; foundationdb.valueColumns has " + valueArity);
    }
    return value;
  }

  private ObjectNode jsonObject(byte[] rawValue, byte[] rawKey) throws StoreException {
    JsonNode node;
    try {
      node = PostgresText.JSON.readTree(rawValue);
    } catch (IOException e) {
      throw badRow(rawKey, "the value is not JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (!(node instanceof ObjectNode object)) {
      String found = node == null || node.isMissingNode() ? "empty" : "JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
      throw badRow(rawKey, "the value is " + found + ", not a JSON object");
    }
    countIgnoredFields(object);
    return object;
  }

  private void countIgnoredFields(ObjectNode object) {
    int known = 0;
    for (String field : jsonField) {
      if (field != null && object.has(field)) {
        known++;
      }
    }
    if (object.size() == known) {
      return;
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!keyColumns.contains(name) && !isJsonColumn(name)) {
        countIgnored(name);
      }
    }
  }

  private boolean isJsonColumn(String name) {
    for (String field : jsonField) {
      if (name.equals(field)) {
        return true;
      }
    }
    return false;
  }

  private void countIgnored(String name) {
    String counted = ignoredFields.containsKey(name) || ignoredFields.size() < TRACKED_FIELDS ? name : OTHER_FIELDS;
    if (!ignoredFields.containsKey(counted)) {
      LOG.warn("table {}: JSON field '{}' is not a copied column; it is ignored (counted in the scan's ignored fields)",
          tableName, counted);
    }
    ignoredFields.merge(counted, 1L, Long::sum);
  }

  /** A key element whose text does not lead back to it would make a checkpoint resume in the wrong place. */
  private void checkResumable(byte[] rawKey, int column, Object element, String text) throws StoreException {
    if (element == null) {
      throw badValue(rawKey, column, "a primary-key column cannot be null");
    }
    Object back;
    try {
      back = KeyElements.fromText(types[column], text);
    } catch (ValueRejected e) {
      back = null;
    }
    if (back == null || !KeyElements.same(element, back)) {
      throw badValue(rawKey, column, "the key holds " + PostgresText.describe(element) + ", but a " + types[column]
          + " key column must be the matching tuple type (see KeyElements) so that a checkpoint can resume"
          + " after it; declare the column with the type the key uses");
    }
  }

  /** The raw FoundationDB key of a primary key given as column text (a checkpoint). */
  public byte[] rawKey(Key key) throws StoreException {
    if (key.values().size() != primaryKeyColumns.length) {
      throw StoreException.badInput("table " + tableName + ": key " + key + " has " + key.values().size()
          + " values; the primary key " + table.primaryKey() + " has " + primaryKeyColumns.length);
    }
    Map<Integer, String> textByColumn = new HashMap<>();
    for (int i = 0; i < primaryKeyColumns.length; i++) {
      textByColumn.put(primaryKeyColumns[i], key.values().get(i));
    }
    List<Object> elements = new ArrayList<>(keyElementColumns.length);
    for (int column : keyElementColumns) {
      try {
        elements.add(KeyElements.fromText(types[column], textByColumn.get(column)));
      } catch (ValueRejected | NullPointerException e) {
        throw StoreException.badInput("table " + tableName + ", column " + table.columns().get(column).name()
            + ": checkpoint key " + key + " does not convert back to a FoundationDB key: "
            + (e instanceof ValueRejected ? e.getMessage() : "the value is null"));
      }
    }
    return subspace.pack(Tuple.fromList(elements));
  }

  /** How many times each JSON field that is not a copied column was seen (at most 100 names, then "(other fields)"). */
  public Map<String, Long> ignoredFields() {
    return Map.copyOf(ignoredFields);
  }

  private List<String> keyColumnNames() {
    List<String> names = new ArrayList<>();
    for (int column : keyElementColumns) {
      names.add(table.columns().get(column).name());
    }
    return names;
  }

  private StoreException badRow(byte[] rawKey, String reason) {
    return StoreException.badInput("table " + tableName + ", key " + RawKey.describe(rawKey) + ": " + reason
        + ". Fix the row or the table's foundationdb block; no row is skipped");
  }

  private StoreException badValue(byte[] rawKey, int column, String reason) {
    return StoreException.badInput("table " + tableName + ", column " + table.columns().get(column).name()
        + " (" + types[column] + "), key " + RawKey.describe(rawKey) + ": " + reason);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
