package dev.cutover.worker;

import dev.cutover.api.WorkerExit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {
  @TempDir Path dir;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void mapsOutcomesToTheWorkerExitCodesAndAlwaysWritesTheResult() throws Exception {
    Path file = dir.resolve("r.json");
    assertThat(run(file, result -> result.tables.add(new dev.cutover.api.WorkerResult.Table()))).isZero();
    assertThat(Files.readString(file)).contains("\"ok\":true").contains("\"exitCode\":0");

    assertThat(run(file, result -> {
      result.ok = false;
      result.exitCode = WorkerExit.MISMATCHES.code();
    })).isEqualTo(1);

    assertThat(run(file, result -> {
      throw StoreException.badInput("table \"t\": column \"c\" is missing");
    })).isEqualTo(2);
    assertThat(Files.readString(file)).contains("\"ok\":false").contains("column \\\"c\\\" is missing");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cutover backfill: table \"t\": column \"c\" is missing");

    assertThat(run(file, result -> {
      throw StoreException.unavailable("target unreachable", null);
    })).isEqualTo(3);
    assertThat(run(file, result -> {
      throw new IllegalStateException("surprise");
    })).isEqualTo(3);
    assertThat(Files.readString(file)).contains("unexpected java.lang.IllegalStateException: surprise");
  }

  @Test
  void anUnwritableResultFileDoesNotChangeTheExitCode() {
    Path file = dir.resolve("no/such/dir/r.json");
    assertThat(run(file, result -> {})).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not write the result");
  }

  private int run(Path file, CommandRunner.Body body) {
    return CommandRunner.execute("backfill", file, Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8), body);
  }
}
