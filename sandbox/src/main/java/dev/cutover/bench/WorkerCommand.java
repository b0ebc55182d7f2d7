package dev.cutover.bench;

import dev.cutover.api.CutoverConstants;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code cutover backfill} or {@code cutover verify} as an SRE would run them: a Migration manifest
 * over the bench table, DSNs in the environment, run in-process through the CLI.
 */
final class WorkerCommand {
  /** How a run ended: its exit code and, when it failed, the end of what it printed. */
  record Outcome(int exitCode, String outputTail) {}

  private static final int TAIL_BYTES = 4096;

  private final WorkerLauncher launcher;
  private final Path dir;

  WorkerCommand(WorkerLauncher launcher, Path dir) {
    this.launcher = launcher;
    this.dir = dir;
  }

  /** Runs {@code command} ({@code backfill} or {@code verify}) from {@code sourceUrl} to {@code targetUrl}. */
  Outcome run(String command, String sourceUrl, String targetUrl) throws IOException {
    Path manifest = dir.resolve("migration.yaml");
    Files.writeString(manifest, manifest());
    Path result = dir.resolve(command + "-result.json");
    Map<String, String> env = Map.of(
        CutoverConstants.ENV_SOURCE_DSN, sourceUrl,
        CutoverConstants.ENV_TARGET_DSN, targetUrl);
    OutputTail tail = new OutputTail(TAIL_BYTES);
    PrintStream output = new PrintStream(tail, true, StandardCharsets.UTF_8);
    int code = launcher.run(new String[] {command, "-f", manifest.toString(), "--result-file", result.toString()},
        env, output, output);
    return new Outcome(code, tail.toString());
  }

  private static String manifest() {
    return """
        apiVersion: %s
        kind: %s
        metadata:
          name: bench
          namespace: default
        spec:
          phase: old
          source:
            kind: postgres
            postgres: {dsn: {secretKeyRef: {name: bench-source, key: dsn}}}
          target:
            kind: postgres
            postgres: {dsn: {secretKeyRef: {name: bench-target, key: dsn}}}
          flags: {configMap: bench-flags}
          tables:
            - schema: %s
              name: "%s"
              primaryKey: [%s]
        """.formatted(CutoverConstants.API_VERSION, CutoverConstants.KIND, BenchTable.SCHEMA, BenchTable.NAME,
        BenchTable.keyList());
  }
}
