package dev.cutover.worker;

import dev.cutover.api.WorkerExit;
import dev.cutover.api.WorkerResult;
import dev.cutover.store.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The frame every worker command runs in: it turns the outcome into the exit code of the worker
 * contract ({@link WorkerExit}), prints a failure on stderr and
 * leaves the JSON result where the operator reads it, whether the command succeeded or not.
 */
public final class CommandRunner {
  /** The command's work; fills {@code result} as it goes (tables, partition), throws on failure. */
  @FunctionalInterface
  public interface Body {
    void run(WorkerResult result) throws StoreException;
  }

  private CommandRunner() {}

  /**
   * Runs {@code body} for {@code command} and returns the exit code. The result starts as ok with
   * exit 0; the body may set {@code ok=false, exitCode=1} for mismatches.
   */
  public static int execute(
      String command, Path resultFileOption, Map<String, String> env, PrintStream err, Body body) {
    WorkerResult result = new WorkerResult();
    result.command = command;
    result.ok = true;
    result.exitCode = WorkerExit.OK.code();
    long start = System.nanoTime();
    try {
      body.run(result);
    } catch (StoreException e) {
      fail(result, e.getMessage(), exitCode(e));
    } catch (RuntimeException e) {
      fail(result, "unexpected " + e, exitCode(e));
      e.printStackTrace(err);
    }
    result.durationMs = (System.nanoTime() - start) / 1_000_000;
    if (result.error != null) {
      err.println("cutover " + command + ": " + result.error);
    }
    writeResult(result, resultFileOption, env, err);
    return result.exitCode;
  }

  /** The exit code a failure ends a worker with. */
  public static int exitCode(Throwable failure) {
    if (failure instanceof StoreException store) {
      return store.kind().exit().code();
    }
    // Anything unforeseen: not the input's fault as far as we know; a new Job may succeed.
    return WorkerExit.STORE_FAILED.code();
  }

  private static void fail(WorkerResult result, String message, int exitCode) {
    result.ok = false;
    result.error = message;
    result.exitCode = exitCode;
  }

  private static void writeResult(WorkerResult result, Path option, Map<String, String> env, PrintStream err) {
    Optional<Path> file = ResultFile.choose(option, env);
    if (file.isEmpty()) {
      return;
    }
    try {
      ResultFile.write(result, file.get());
    } catch (IOException | RuntimeException e) {
      err.println("cutover " + result.command + ": could not write the result to " + file.get() + ": " + e.getMessage());
    }
  }
}
