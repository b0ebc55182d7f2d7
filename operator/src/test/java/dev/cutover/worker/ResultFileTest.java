package dev.cutover.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.WorkerResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFileTest {
  @TempDir Path dir;

  @Test
  void theOptionWinsThenTheEnvironmentThenAWritableTerminationLog() throws Exception {
    Path option = dir.resolve("option.json");
    Path log = dir.resolve("termination-log");
    Map<String, String> env = Map.of(CutoverConstants.ENV_RESULT_FILE, dir.resolve("env.json").toString());

    assertThat(ResultFile.choose(option, env, log)).contains(option);
    assertThat(ResultFile.choose(null, env, log)).contains(dir.resolve("env.json"));
    assertThat(ResultFile.choose(null, Map.of(), log)).isEmpty();
    Files.createFile(log);
    assertThat(ResultFile.choose(null, Map.of(), log)).contains(log);
  }

  @Test
  void keepsAHugeResultWithin4KiBDroppingSampleKeysThenTables() throws Exception {
    WorkerResult result = new WorkerResult();
    result.command = "verify";
    for (int i = 0; i < 200; i++) {
      WorkerResult.Table table = new WorkerResult.Table();
      table.name = "table_with_a_rather_long_name_" + i;
      table.rows = 1_000_000L + i;
      table.sampleKeys = List.of("(" + "k".repeat(100) + ")", "(another)");
      result.tables.add(table);
    }
    result.error = "e".repeat(5000);

    String json = ResultFile.toJson(result);

    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ResultFile.MAX_BYTES);
    WorkerResult back = new ObjectMapper().readValue(json, WorkerResult.class);
    assertThat(back.tables).isNotEmpty().allSatisfy(t -> assertThat(t.sampleKeys).isNull());
    assertThat(back.tables.get(0).name).isEqualTo("table_with_a_rather_long_name_0");
    assertThat(back.error).contains((200 - back.tables.size()) + " more tables not listed");
  }

  @Test
  void aLongPreflightKeepsItsFirstProblemsAndSaysHowManyMoreThereWere() throws Exception {
    WorkerResult result = new WorkerResult();
    result.command = "preflight";
    result.problems = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      WorkerResult.Problem problem = new WorkerResult.Problem();
      problem.table = "table_" + i;
      problem.column = "column_" + i;
      problem.message = "column \"column_" + i + "\" does not exist in the target table";
      result.problems.add(problem);
    }
    result.error = "preflight refused the migration: 100 problems";

    String json = ResultFile.toJson(result);

    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ResultFile.MAX_BYTES);
    WorkerResult back = new ObjectMapper().readValue(json, WorkerResult.class);
    assertThat(back.problems).isNotEmpty().hasSizeLessThan(100);
    assertThat(back.problems.get(0).table).isEqualTo("table_0");
    assertThat(back.error).startsWith("preflight refused the migration: 100 problems; ")
        .endsWith((100 - back.problems.size()) + " more problems not listed (result limited to 4 KiB)");
  }

  @Test
  void aSmallResultIsWrittenWhole() throws Exception {
    WorkerResult result = new WorkerResult();
    result.command = "backfill";
    result.ok = true;
    WorkerResult.Table table = new WorkerResult.Table();
    table.name = "teas";
    table.rows = 3L;
    table.sampleKeys = List.of("(1)");
    result.tables.add(table);
    Path file = dir.resolve("r.json");

    ResultFile.write(result, file);

    WorkerResult back = new ObjectMapper().readValue(Files.readString(file), WorkerResult.class);
    assertThat(back.tables.get(0).sampleKeys).containsExactly("(1)");
    assertThat(back.ok).isTrue();
  }
}
