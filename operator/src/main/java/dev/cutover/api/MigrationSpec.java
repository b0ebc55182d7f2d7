package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The desired state of a migration. */
@ValidationRule(
    value = "self.target.kind == 'postgres'",
    message = "spec.target.kind must be postgres: Cutover migrates into PostgreSQL",
    fieldPath = ".target.kind")
@ValidationRule(
    value = "self.source.kind != 'foundationdb' || self.tables.all(t, has(t.foundationdb))",
    message = "every table needs a foundationdb block (keyPrefix, key, value) when spec.source.kind is foundationdb",
    fieldPath = ".tables")
@ValidationRule(
    value = "self.tables.all(t, self.tables.exists_one(u, u.name == t.name"
        + " && (has(u.schema) ? u.schema : 'public') == (has(t.schema) ? t.schema : 'public')))",
    message = "each table may be listed only once (same schema and name): it would be copied and verified twice",
    fieldPath = ".tables")
public class MigrationSpec {
  /**
   * Tables in one Migration. The API server prices the per-table rules (see {@link TableSpec}) and
   * the duplicate check (tables x tables name comparisons, about 1.2 million) against its budgets
   * with this bound. When it evaluates them, the duplicate check over 200 tables costs some 250
   * thousand units, well inside the 1 million one evaluation may use. The status also lists
   * per-table results, which must fit in one object.
   */
  public static final int MAX_TABLES = 200;

  /** The phase the service should be in: old, shadow, reverse-shadow or new. The operator walks there one gated step at a time. */
  @JsonPropertyDescription("The phase the service should be in: old, shadow, reverse-shadow or new. The operator walks there one gated step at a time.")
  @Required
  public Phase phase = Phase.OLD;

  /** Freezes forward progress; rollback still works while paused. */
  @JsonPropertyDescription("Freezes forward progress; rollback still works while paused.")
  @Default("false")
  public boolean paused;

  /** The database the service runs on today. */
  @JsonPropertyDescription("The database the service runs on today.")
  @Required
  public Endpoint source = new Endpoint();

  /** The database the service moves to (PostgreSQL). */
  @JsonPropertyDescription("The database the service moves to (PostgreSQL).")
  @Required
  public Endpoint target = new Endpoint();

  /** Tables to copy and verify, in copy order: tables referenced by foreign keys first. */
  @JsonPropertyDescription("Tables to copy and verify, in copy order: tables referenced by foreign keys first.")
  @Required
  @Size(min = 1, max = MAX_TABLES)
  public List<TableSpec> tables = new ArrayList<>();

  /** The application's feature-flag ConfigMap, which the operator owns the migration keys of. */
  @JsonPropertyDescription("The application's feature-flag ConfigMap, which the operator owns the migration keys of.")
  @Required
  public FlagsSpec flags = new FlagsSpec();

  /** How the source is copied into the target. */
  @JsonPropertyDescription("How the source is copied into the target.")
  public BackfillSpec backfill = new BackfillSpec();

  /** How the operator proves the two databases agree before opening a gate. */
  @JsonPropertyDescription("How the operator proves the two databases agree before opening a gate.")
  public VerificationSpec verification = new VerificationSpec();

  /** How long reverse-shadow is held before moving to new, as a duration such as 30m or 1h. */
  @JsonPropertyDescription("How long reverse-shadow is held before moving to new, as a duration such as 30m or 1h.")
  @Default("0s")
  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  public String bake = "0s";

  /** How the sequences feeding migrated columns follow the primary at every switch. */
  @JsonPropertyDescription("How the sequences feeding migrated columns follow the primary at every switch.")
  public SequencesSpec sequences = new SequencesSpec();

  /** How reads move onto the target inside shadow. */
  @JsonPropertyDescription("How reads move onto the target inside shadow.")
  public ReadRampSpec readRamp = new ReadRampSpec();
}
