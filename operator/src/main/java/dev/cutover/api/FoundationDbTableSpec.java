package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Where a table's rows live in FoundationDB and how a key-value pair becomes a row. */
@ValidationRule(
    value = "self.value != 'tuple' || (has(self.valueColumns) && size(self.valueColumns) > 0)",
    message = "value: tuple needs valueColumns, the columns the tuple elements map to in order",
    fieldPath = ".valueColumns")
public class FoundationDbTableSpec {

  /** The tuple elements every key of this table starts with, packed with the tuple layer. */
  @JsonPropertyDescription("The tuple elements every key of this table starts with, packed with the tuple layer.")
  @Required
  @Size(min = 1, max = 16)
  public List<@Size(max = 255) String> keyPrefix = new ArrayList<>();

  /** The columns the tuple elements after the prefix map to, in order. */
  @JsonPropertyDescription("The columns the tuple elements after the prefix map to, in order.")
  @Required
  @Size(min = 1, max = TableSpec.MAX_PRIMARY_KEY)
  public List<@Pattern(Identifiers.PATTERN) @Size(max = Identifiers.MAX_LENGTH) String> key = new ArrayList<>();

  /** How the value is encoded: json (an object, fields by column name) or tuple (see valueColumns). */
  @JsonPropertyDescription("How the value is encoded: json (an object, fields by column name) or tuple (see valueColumns).")
  @Default("json")
  public FoundationDbValueFormat value = FoundationDbValueFormat.JSON;

  /** With value: tuple, the columns the tuple elements map to, in order. */
  @JsonPropertyDescription("With value: tuple, the columns the tuple elements map to, in order.")
  @Size(max = 1600)
  public List<@Pattern(Identifiers.PATTERN) @Size(max = Identifiers.MAX_LENGTH) String> valueColumns;
}
