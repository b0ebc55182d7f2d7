package dev.cutover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.sandbox.SandboxMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cutover bench} end to end on a tiny table; it measures, so no speed is asserted. */
class BenchCommandTest {
  private record Run(int exitCode, String out, String err) {}

  @Test
  void aTinyRunPrintsEveryContenderWithItsRowsAndEveryTargetWithAVerdict() {
    Run run = bench("--rows", "2000", "--row-by-row-rows", "300");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("cutover bench: 2,000 rows of public.\"Order Items\" (12 columns")
        .containsPattern("(?m)^raw binary COPY pipe +2,000 +[0-9.]+s +[0-9,]+ ")
        .containsPattern("(?m)^raw text COPY pipe +2,000 +[0-9.]+s +[0-9,]+ ")
        .containsPattern("(?m)^row-by-row INSERT ON CONFLICT +300 +[0-9.]+s +[0-9,]+ ")
        .containsPattern("(?m)^pgcopydb --table-jobs 2 +(2,000 +[0-9.]+s|skipped: pgcopydb is not on the PATH)")
        .containsPattern("(?m)^cutover backfill, N/10 rows +200 +[0-9.]+s +[0-9,]+ ")
        .containsPattern("(?m)^cutover backfill +2,000 +[0-9.]+s +[0-9,]+ ")
        .containsPattern("(?m)^cutover verify +2,000 +[0-9.]+s +[0-9,]+ ")
        .containsPattern("(?m)^backfill rows/s / binary pipe rows/s +[0-9.]+ +target >= 0.75 +(PASS|MISS)$")
        .containsPattern("(?m)^backfill rows/s / pgcopydb rows/s +([0-9.]+|n/a) +target >= 1.25 +(PASS|MISS|SKIPPED)")
        .containsPattern("(?m)^backfill rows/s / row-by-row rows/s +[0-9.]+ +target >= 20 +(PASS|MISS)$")
        .containsPattern("(?m)^  binary pipe rows/s / row-by-row rows/s +[0-9.]+ +\\(the ceiling")
        .containsPattern("(?m)^verify time / binary pipe time +[0-9.]+ +target <= 1 +(PASS|MISS)$")
        .containsPattern("(?m)^verify bytes to worker / table bytes +[0-9.]+% +target < 1 % +(PASS|MISS) \\([0-9.]+ KiB of")
        .containsPattern("(?m)^backfill live heap, N/10 -> N rows +[0-9.]+ MiB -> [0-9.]+ MiB .*(PASS|MISS)$")
        .containsPattern("first 300 rows by key \\([0-9]+ us per row over localhost")
        .doesNotContain("FAILED");
  }

  @Test
  void tooFewRowsIsBadInputNamingTheOption() {
    Run run = bench("--rows", "10");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--rows must be at least 100, got 10");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aRowCountThatIsNotANumberIsBadInput() {
    Run run = bench("--rows", "lots");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--rows").contains("lots");
  }

  @Test
  void repeatOutsideOneToNineIsBadInput() {
    assertThat(bench("--repeat", "0").exitCode()).isEqualTo(2);
    assertThat(bench("--repeat", "10").err()).contains("--repeat must be between 1 and 9, got 10");
    assertThat(bench("--row-by-row-rows", "0").err()).contains("--row-by-row-rows must be at least 1");
  }

  private static Run bench(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "bench";
    System.arraycopy(options, 0, args, 1, options.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SandboxMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
