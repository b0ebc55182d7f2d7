package dev.cutover.cli;

import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one executable: the operator, the worker commands, the sandbox and the benchmark.
 *
 * <p>Commands read their environment and print through this object rather than through
 * {@link System}, so that the sandbox can run a worker pod in-process with the env its pod spec
 * gives it.
 */
@Command(
    name = "cutover",
    mixinStandardHelpOptions = true,
    version = "cutover 0.1.0",
    description = "Moves a live service from one database to another, one gated phase at a time.",
    subcommands = {RunCommand.class, BackfillCommand.class, VerifyCommand.class, BenchCommand.class,
        dev.cutover.sandbox.SandboxCommand.class})
public final class Main implements Runnable {
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  Main(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs one command and returns its exit code; with no arguments, runs the operator. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String[] effective = args.length == 0 ? new String[] {"run"} : args;
    CommandLine commandLine = new CommandLine(new Main(env, out, err));
    commandLine.setOut(new java.io.PrintWriter(out, true));
    commandLine.setErr(new java.io.PrintWriter(err, true));
    return commandLine.execute(effective);
  }

  /** The environment the command runs with (System.getenv() outside the sandbox). */
  public Map<String, String> env() {
    return env;
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
