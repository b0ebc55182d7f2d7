package dev.cutover.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The contender an SRE would otherwise reach for: {@code pgcopydb copy table-data --table-jobs 2}
 * between the same two databases, as an outside process from the PATH; its output goes to a file
 * whose end is shown when it fails.
 */
final class PgCopyDb {
  static final String INSTALL = "pgcopydb is not on the PATH; install it (Debian: apt-get install pgcopydb) to measure"
      + " against it";
  private static final int TAIL_CHARS = 2000;
  private static final long TIMEOUT_MINUTES = 30;

  private final Path executable;

  private PgCopyDb(Path executable) {
    this.executable = executable;
  }

  /** pgcopydb from the PATH, if it is there. */
  static Optional<PgCopyDb> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "pgcopydb");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new PgCopyDb(candidate));
      }
    }
    return Optional.empty();
  }

  /** Copies every table's rows from {@code sourceUri} into the existing, empty tables of {@code targetUri}. */
  void copyTableData(String sourceUri, String targetUri, Path workDir) throws IOException, InterruptedException {
    Path log = workDir.resolveSibling(workDir.getFileName() + ".log");
    Process process = new ProcessBuilder(List.of(executable.toString(), "copy", "table-data", "--source", sourceUri,
        "--target", targetUri, "--table-jobs", "2", "--dir", workDir.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("pgcopydb did not finish within " + TIMEOUT_MINUTES + " minutes");
    }
    if (process.exitValue() != 0) {
      String output = Files.readString(log, StandardCharsets.UTF_8);
      throw new IllegalStateException("pgcopydb exited " + process.exitValue() + ":\n"
          + output.substring(Math.max(0, output.length() - TAIL_CHARS)).strip());
    }
  }
}
