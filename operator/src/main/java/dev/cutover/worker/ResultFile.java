package dev.cutover.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.WorkerResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how a worker leaves its {@link WorkerResult}: one JSON object of at most 4 KiB (the
 * Kubernetes termination-message limit) in {@code --result-file}, else {@code CUTOVER_RESULT_FILE},
 * else {@code /dev/termination-log} when that exists and is writable.
 */
public final class ResultFile {
  public static final int MAX_BYTES = 4096;
  private static final int MAX_ERROR_CHARS = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultFile() {}

  /** The file to write, if any. */
  public static Optional<Path> choose(Path option, Map<String, String> env) {
    return choose(option, env, Path.of(CutoverConstants.DEFAULT_RESULT_FILE));
  }

  static Optional<Path> choose(Path option, Map<String, String> env, Path terminationLog) {
    if (option != null) {
      return Optional.of(option);
    }
    String fromEnv = env.get(CutoverConstants.ENV_RESULT_FILE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(Path.of(fromEnv.strip()));
    }
    return Files.exists(terminationLog) && Files.isWritable(terminationLog)
        ? Optional.of(terminationLog)
        : Optional.empty();
  }

  /** Writes {@link #toJson(WorkerResult)} to {@code file}, replacing what it held. */
  public static void write(WorkerResult result, Path file) throws IOException {
    Files.write(file, toJson(result).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The result as JSON within {@link #MAX_BYTES}: when too long, sample keys go first, then the error
   * is shortened, then trailing entries are dropped, tables first, then sequences, then problems
   * (the error says how many; the full lists are on stderr).
   */
  public static String toJson(WorkerResult result) {
    String json = serialize(result);
    if (fits(json)) {
      return json;
    }
    result.tables.forEach(table -> table.sampleKeys = null);
    if (result.error != null && result.error.length() > MAX_ERROR_CHARS) {
      result.error = result.error.substring(0, MAX_ERROR_CHARS) + "...";
    }
    String baseError = result.error;
    int[] dropped = new int[3];
    json = serialize(result);
    List<List<?>> lists = new java.util.ArrayList<>();
    lists.add(result.tables);
    lists.add(result.sequences == null ? List.of() : result.sequences);
    lists.add(result.problems == null ? List.of() : result.problems);
    String[] names = {"tables", "sequences", "problems"};
    for (int i = 0; i < lists.size() && !fits(json); i++) {
      List<?> list = lists.get(i);
      while (!fits(json) && !list.isEmpty()) {
        list.remove(list.size() - 1);
        dropped[i]++;
        List<String> notes = new java.util.ArrayList<>();
        for (int k = 0; k < names.length; k++) {
          if (dropped[k] > 0) {
            notes.add(dropped[k] + " more " + names[k] + " not listed (result limited to 4 KiB)");
          }
        }
        String note = String.join("; ", notes);
        result.error = baseError == null ? note : baseError + "; " + note;
        json = serialize(result);
      }
    }
    return json;
  }

  private static boolean fits(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
  }

  private static String serialize(WorkerResult result) {
    try {
      return JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a worker result could not be written as JSON", e);
    }
  }
}
