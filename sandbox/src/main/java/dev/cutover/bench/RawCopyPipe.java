package dev.cutover.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The physical limit: the source's {@code COPY (SELECT ...) TO STDOUT} streamed straight into the
 * target's {@code COPY ... FROM STDIN}, bytes untouched, one transaction, no key order, no checks.
 * In binary format (what the targets are measured against: no value is printed or parsed), or in
 * text format, the format Cutover's backfill reads and writes.
 */
final class RawCopyPipe {
  /** The COPY format of both ends. */
  enum Format {
    BINARY(" (FORMAT binary)"), TEXT("");

    private final String option;

    Format(String option) {
      this.option = option;
    }
  }

  private static final int BUFFER_BYTES = 1 << 16;

  private RawCopyPipe() {}

  /** Copies the whole bench table and returns the rows copied. */
  static long copy(Connection source, Connection target, Format format) throws SQLException, IOException {
    String columns = BenchTable.columnList();
    try (PGCopyOutputStream into = new PGCopyOutputStream(target.unwrap(PGConnection.class),
        "COPY " + BenchTable.QUALIFIED + " (" + columns + ") FROM STDIN" + format.option, BUFFER_BYTES)) {
      return source.unwrap(PGConnection.class).getCopyAPI()
          .copyOut("COPY (SELECT " + columns + " FROM " + BenchTable.QUALIFIED + ") TO STDOUT" + format.option, into);
    }
  }
}
