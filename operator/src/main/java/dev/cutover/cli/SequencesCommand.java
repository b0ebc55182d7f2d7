package dev.cutover.cli;

import dev.cutover.store.StoreException;
import dev.cutover.worker.CommandRunner;
import dev.cutover.worker.MigrationManifest;
import dev.cutover.worker.sequences.SequencesRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Moves the sequences feeding migrated columns to the side that becomes the primary. */
@Command(
    name = "sequences",
    mixinStandardHelpOptions = true,
    description = {
      "Set every sequence that feeds a migrated column (serial, identity, nextval() default) on the --to side"
          + " past every value either side has used, plus spec.sequences.headroom; never backwards.",
      "Run --to target before shadow -> reverse-shadow, --to source after the rollback reverse-shadow -> shadow.",
      "Exit 0 moved, 2 a sequence the --to side lacks or bad input, 3 store failure."
    })
final class SequencesCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The Migration manifest (YAML).")
  Path file;

  @Option(names = "--to", required = true, paramLabel = "SIDE",
      description = "The side whose sequences move: target (becoming the primary) or source (after a rollback).")
  String to;

  @Option(names = "--headroom", paramLabel = "N", description = "Overrides spec.sequences.headroom (default 10000).")
  Long headroom;

  @Option(names = "--result-file", paramLabel = "FILE",
      description = "Where to write the JSON result (default: CUTOVER_RESULT_FILE, else /dev/termination-log).")
  Path resultFile;

  @Override
  public Integer call() {
    return CommandRunner.execute("sequences", resultFile, main.env(), main.err(), result -> {
      SequencesRun.Side side = switch (to) {
        case "target" -> SequencesRun.Side.TARGET;
        case "source" -> SequencesRun.Side.SOURCE;
        default -> throw StoreException.badInput("--to must be source or target, not " + to);
      };
      MigrationManifest manifest = MigrationManifest.load(file);
      new SequencesRun(manifest, side, headroom, main.env(), main.err()).run(result);
    });
  }
}
