package dev.cutover.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.WorkerResult;
import dev.cutover.worker.MigrationManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The sandbox's own last word: {@code cutover verify -f migration.yaml} run once more, in-process,
 * without repair, after the application stopped writing. Parity here is the sandbox's claim.
 */
final class FinalVerification {
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** What verify said: its exit code, its parsed result (null when there was none), its output. */
  record Outcome(int exitCode, WorkerResult result, String output) {
    boolean parity() {
      return exitCode == 0 && result != null && result.ok;
    }
  }

  private FinalVerification() {}

  static Outcome run(Migration migration, SandboxDatabases databases, LocalJobRunner.WorkerLauncher launcher, Path dir) {
    try {
      Files.createDirectories(dir);
      Path manifest = dir.resolve("migration.yaml");
      Path resultFile = dir.resolve("result.json");
      Files.writeString(manifest, MigrationManifest.yaml(migration));
      Files.deleteIfExists(resultFile);
      Map<String, String> env = Map.of(
          CutoverConstants.ENV_SOURCE_DSN, databases.jdbcUrl(Side.SOURCE),
          CutoverConstants.ENV_TARGET_DSN, databases.jdbcUrl(Side.TARGET),
          CutoverConstants.ENV_RESULT_FILE, resultFile.toString());
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      int exitCode;
      try (PrintStream output = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
        exitCode = launcher.run(new String[] {"verify", "-f", manifest.toString()}, env, output, output);
      }
      WorkerResult result = null;
      if (Files.exists(resultFile) && Files.size(resultFile) > 0) {
        try {
          result = JSON.readValue(resultFile.toFile(), WorkerResult.class);
        } catch (IOException e) {
          result = null;
        }
      }
      return new Outcome(exitCode, result, captured.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the final verification in " + dir, e);
    }
  }
}
