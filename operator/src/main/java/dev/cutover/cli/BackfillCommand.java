package dev.cutover.cli;

import dev.cutover.worker.PartitionSlot;
import dev.cutover.worker.CommandRunner;
import dev.cutover.worker.backfill.BackfillWorker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Copies every table of a Migration, in spec order, from the source to the target. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
        "Copy every table of a Migration, in spec order, from the source to the target.",
        "DSNs come from CUTOVER_SOURCE_DSN and CUTOVER_TARGET_DSN; re-runs resume from the checkpoints.",
        "Partitions finish each table before any of them starts the next; run them at once.",
        "Exit codes: 0 done, 2 bad input or configuration, 3 a store failed after retries"
            + " or another partition stopped making progress."})
final class BackfillCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = {"-f", "--file"}, required = true, description = "The Migration manifest (YAML).")
  Path file;

  @Option(names = "--partition", description = "This worker's partition, from 0 (default: JOB_COMPLETION_INDEX or 0).")
  Integer partition;

  @Option(names = "--partitions", description = "The number of partitions (default: CUTOVER_PARTITIONS or 1).")
  Integer partitions;

  @Option(names = "--result-file",
      description = "Where to write the JSON result (default: CUTOVER_RESULT_FILE, else /dev/termination-log if writable).")
  Path resultFile;

  @Override
  public Integer call() {
    return CommandRunner.execute("backfill", resultFile, main.env(), main.err(), result -> {
      PartitionSlot slot = PartitionSlot.resolve(partition, partitions, main.env());
      new BackfillWorker(main.env(), main.err()).run(file, slot, result);
    });
  }
}
