package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * What one worker pod reports as a single JSON object in its termination message (at most 4 KiB).
 * The operator sums the results of a Job's pods. Never carries a DSN or any secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerResult {
  /** backfill, verify, preflight or sequences. */
  public String command;
  public int partition;
  public int partitions = 1;
  /** backfill: every table copied; verify: mismatches within maxMismatches. */
  public boolean ok;
  public long durationMs;
  /** What went wrong, naming the table, column or key; null when ok. */
  public String error;
  /** The exit code the worker ends with (0 done or parity, 1 mismatches, 2 bad input, 3 store failure). */
  public int exitCode;
  public List<Table> tables = new ArrayList<>();
  /** preflight: what stops the migration, each naming its table, column or sequence; empty when it passed. */
  public List<Problem> problems;
  /** preflight: the sequences found and their counterparts; sequences: the sequences moved. */
  public List<SequenceMove> sequences;
  /** sequences: the side whose sequences were moved (source or target). */
  public String sequencesTo;

  /** One reason the preflight refuses the migration. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Problem {
    /** The table, schema-qualified when not public; null for a database-wide problem. */
    public String table;
    public String column;
    /** What is wrong and what to do, for an SRE. */
    public String message;
  }

  /** One sequence that feeds a migrated column. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SequenceMove {
    public String table;
    public String column;
    /** The sequence on the source (schema-qualified), null for a FoundationDB source. */
    public String source;
    /** The sequence on the target (schema-qualified). */
    public String target;
    /** sequences: the value the moved sequence was set to (its next nextval() returns more). */
    public Long value;
  }

  /** One table's part of the result. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Table {
    public String name;
    /** backfill: rows copied by this pod. */
    public Long rows;
    public Long durationMs;
    /** verify: the counts of TableVerification. */
    public Long sourceRows;
    public Long targetRows;
    public Long missingInTarget;
    public Long missingInSource;
    public Long different;
    public Long repaired;
    public List<String> sampleKeys;
  }
}
