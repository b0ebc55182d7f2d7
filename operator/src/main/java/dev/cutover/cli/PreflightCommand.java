package dev.cutover.cli;

import dev.cutover.worker.CommandRunner;
import dev.cutover.worker.MigrationManifest;
import dev.cutover.worker.preflight.PreflightRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Checks everything a migration relies on before anything is written anywhere. */
@Command(
    name = "preflight",
    mixinStandardHelpOptions = true,
    description = {
      "Check, before anything is written, every table, column, type, key, sequence and privilege the migration"
          + " relies on, in both databases (DSNs from CUTOVER_SOURCE_DSN and CUTOVER_TARGET_DSN). Writes nothing.",
      "Exit 0 passed, 2 refused (every problem listed), 3 a store could not be reached."
    })
final class PreflightCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The Migration manifest (YAML).")
  Path file;

  @Option(names = "--result-file", paramLabel = "FILE",
      description = "Where to write the JSON result (default: CUTOVER_RESULT_FILE, else /dev/termination-log).")
  Path resultFile;

  @Override
  public Integer call() {
    return CommandRunner.execute("preflight", resultFile, main.env(), main.err(), result -> {
      MigrationManifest manifest = MigrationManifest.load(file);
      new PreflightRun(manifest, main.env(), main.err()).run(result);
    });
  }
}
