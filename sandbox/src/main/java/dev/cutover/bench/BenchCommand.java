package dev.cutover.bench;

import dev.cutover.cli.Main;
import dev.cutover.sandbox.SandboxMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Measures backfill and verify against a raw COPY pipe and row-by-row inserts. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Measure cutover backfill and verify against a raw COPY pipe and row-by-row INSERT ... ON CONFLICT,"
            + " in one run on an embedded PostgreSQL, and check the ratios against the performance targets.",
        "Exit codes: 0 measured (whatever the numbers), 2 bad input, 3 a contender could not run."})
public final class BenchCommand implements Callable<Integer> {
  @ParentCommand SandboxMain main;

  @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the bench table (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--row-by-row-rows", defaultValue = "50000",
      description = "Rows the slow row-by-row baseline copies (default: ${DEFAULT-VALUE}, at most --rows).")
  long rowByRowRows;

  @Option(names = "--repeat", defaultValue = "1",
      description = "Measured runs of each contender; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--heap",
      description = "Instead: measure the operator's live heap with one Migration, then with --objects unrelated"
          + " ConfigMaps (16 KiB each) and a sixth as many Deployments, StatefulSets and Jobs and a third as many pods"
          + " in the API server; exit 0 when it stayed flat (within 25 %), 1 when it grew.")
  boolean heap;

  @Option(names = "--objects", defaultValue = "3000", description = "Unrelated ConfigMaps for --heap (default: ${DEFAULT-VALUE}).")
  int objects;

  @Override
  public Integer call() {
    if (heap) {
      return heap();
    }
    if (rows < Benchmark.Settings.MIN_ROWS) {
      main.err().println("cutover bench: --rows must be at least " + Benchmark.Settings.MIN_ROWS + ", got " + rows);
      return 2;
    }
    if (rowByRowRows < 1) {
      main.err().println("cutover bench: --row-by-row-rows must be at least 1, got " + rowByRowRows);
      return 2;
    }
    if (repeat < 1 || repeat > 9) {
      main.err().println("cutover bench: --repeat must be between 1 and 9, got " + repeat);
      return 2;
    }
    Benchmark benchmark = new Benchmark(new Benchmark.Settings(rows, rowByRowRows, repeat), Main::run, main.out(),
        main.err());
    try {
      return benchmark.run() ? 0 : 3;
    } catch (Exception e) {
      main.err().println("cutover bench: " + e.getMessage());
      return 3;
    }
  }

  private int heap() {
    if (objects < 6) {
      main.err().println("cutover bench --heap: --objects must be at least 6, got " + objects);
      return 2;
    }
    try {
      return new HeapBench(HeapBench.Load.scaled(objects), main.out()).run() ? 0 : 1;
    } catch (Exception e) {
      main.err().println("cutover bench --heap: " + e.getMessage());
      return 3;
    }
  }
}
