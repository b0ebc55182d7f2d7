package dev.cutover.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Runs the operator against the current kube context or the in-cluster configuration. */
@Command(name = "run", description = "Run the operator (the default when no command is given).")
final class RunCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() {
    main.err().println("cutover run: the operator is not wired yet");
    return 2;
  }
}
