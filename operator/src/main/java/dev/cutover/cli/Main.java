package dev.cutover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one executable: the operator, the worker commands, the sandbox and the benchmark. */
@Command(
    name = "cutover",
    mixinStandardHelpOptions = true,
    version = "cutover 0.1.0",
    description = "Moves a live service from one database to another, one gated phase at a time.",
    subcommands = {RunCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    String[] effective = args.length == 0 ? new String[] {"run"} : args;
    System.exit(commandLine().execute(effective));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    commandLine().usage(System.out);
  }
}
