package dev.cutover.sandbox;

import dev.cutover.bench.BenchCommand;
import dev.cutover.cli.Main;
import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The sandbox jar's executable: {@code sandbox} (the whole migration on this machine) and
 * {@code bench} (throughput against the baselines). It carries embedded PostgreSQL and the
 * in-process API server, which the operator's own jar does not.
 */
@Command(
    name = "cutover-sandbox",
    mixinStandardHelpOptions = true,
    version = "cutover-sandbox 0.1.0",
    description = "Runs Cutover on this machine with nothing installed: the sandbox walk and the benchmark.",
    subcommands = {SandboxCommand.class, BenchCommand.class})
public final class SandboxMain implements Runnable {
  private final PrintStream out;
  private final PrintStream err;

  SandboxMain(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command and returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Main.execute(new SandboxMain(out, err), args, out, err);
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(out);
  }
}
