package dev.cutover.bench;

import java.io.PrintStream;
import java.util.Map;

/** Runs a {@code cutover} command in this process, as the sandbox runs a worker pod. */
@FunctionalInterface
public interface WorkerLauncher {
  /** Runs {@code args} with {@code env} and returns the exit code. */
  int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err);
}
