package dev.cutover.cli;

import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The executable the image and every Job pod run: the operator and the worker commands.
 *
 * <p>Commands read their environment and print through this object rather than through
 * {@link System}, so that the sandbox (a jar of its own) can run a worker pod in-process with the
 * env its pod spec gives it.
 */
@Command(
    name = "cutover",
    mixinStandardHelpOptions = true,
    version = "cutover 0.1.0",
    description = "Moves a live service from one database to another, one gated phase at a time.",
    subcommands = {RunCommand.class, PreflightCommand.class, BackfillCommand.class, VerifyCommand.class,
        SequencesCommand.class})
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
    return execute(new Main(env, out, err), effective, out, err);
  }

  /** Runs a picocli command object with its output on the given streams; returns the exit code. */
  public static int execute(Object command, String[] args, PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(new java.io.PrintWriter(out, true));
    commandLine.setErr(new java.io.PrintWriter(err, true));
    return commandLine.execute(args);
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
