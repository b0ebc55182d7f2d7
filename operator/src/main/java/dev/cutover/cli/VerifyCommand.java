package dev.cutover.cli;

import dev.cutover.store.StoreException;
import dev.cutover.worker.MigrationManifest;
import dev.cutover.worker.CommandRunner;
import dev.cutover.worker.verify.VerifyRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Compares source and target row by row; {@code --repair} rewrites what differs from the primary. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Compare every table of the migration between source and target (DSNs from CUTOVER_SOURCE_DSN and"
          + " CUTOVER_TARGET_DSN) and list the keys that differ.",
      "Exit 0 parity (within spec.verification.maxMismatches), 1 mismatches, 2 bad input, 3 store failure."
    })
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The Migration manifest (YAML).")
  Path file;

  @Option(names = "--repair", description = "Rewrite every differing key from the primary, then verify again.")
  boolean repair;

  @Option(names = "--primary", paramLabel = "SIDE", defaultValue = "source",
      description = "The side a repair copies from: source (the default) or target (in reverse-shadow).")
  String primary;

  @Option(names = "--result-file", paramLabel = "FILE",
      description = "Where to write the JSON result (default: CUTOVER_RESULT_FILE, else /dev/termination-log).")
  Path resultFile;

  @Override
  public Integer call() {
    return CommandRunner.execute("verify", resultFile, main.env(), main.err(), result -> {
      VerifyRun.Primary side = parsePrimary(primary);
      MigrationManifest manifest = MigrationManifest.load(file);
      new VerifyRun(manifest, side, repair, main.env(), main.err()).run(result);
    });
  }

  private static VerifyRun.Primary parsePrimary(String value) throws StoreException {
    return switch (value) {
      case "source" -> VerifyRun.Primary.SOURCE;
      case "target" -> VerifyRun.Primary.TARGET;
      default -> throw StoreException.badInput(
          "--primary must be source or target, not " + value);
    };
  }
}
