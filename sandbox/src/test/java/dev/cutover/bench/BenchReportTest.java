package dev.cutover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdicts of the bench against docs/performance.md, from made-up measurements. */
class BenchReportTest {
  private static final long SECOND = 1_000_000_000L;
  private static final HeapWatch.HeapUse HEAP = new HeapWatch.HeapUse(64L << 20, 20L << 20, 3);

  @Test
  void backfillAtThreeQuartersOfTheBinaryPipePassesAndJustBelowMisses() {
    Measurement pipe = run("pipe", 100_000, SECOND);
    Measurement rowByRow = run("rows", 1_000, SECOND);
    Measurement pgcopydb = run("pgcopydb", 60_000, SECOND);

    assertThat(ratios(pipe, rowByRow, pgcopydb, run("backfill", 75_000, SECOND), run("verify", 100_000, SECOND)))
        .containsPattern("backfill rows/s / binary pipe rows/s +0.75 +target >= 0.75 +PASS")
        .containsPattern("backfill rows/s / pgcopydb rows/s +1.25 +target >= 1.25 +PASS")
        .containsPattern("backfill rows/s / row-by-row rows/s +75.00 +target >= 20 +PASS")
        .containsPattern("verify time / binary pipe time +1.00 +target <= 1 +PASS");
    assertThat(ratios(pipe, rowByRow, pgcopydb, run("backfill", 74_000, SECOND), run("verify", 100_000, SECOND + 1)))
        .containsPattern("backfill rows/s / binary pipe rows/s +0.74 +target >= 0.75 +MISS")
        .containsPattern("backfill rows/s / pgcopydb rows/s +1.23 +target >= 1.25 +MISS")
        .containsPattern("verify time / binary pipe time +1.00 +target <= 1 +MISS");
  }

  @Test
  void backfillBelowTwentyTimesRowByRowMisses() {
    String text = ratios(run("pipe", 100_000, SECOND), run("rows", 5_000, SECOND), run("pgcopydb", 10_000, SECOND),
        run("backfill", 99_000, SECOND), run("verify", 100_000, SECOND));

    assertThat(text).containsPattern("backfill rows/s / row-by-row rows/s +19.80 +target >= 20 +MISS")
        .containsPattern("binary pipe rows/s / row-by-row rows/s +20.00 +\\(the ceiling of the ratio above here\\)");
  }

  @Test
  void aFailedContenderIsAMissAndNeverARatio() {
    String text = ratios(run("pipe", 100_000, SECOND), run("rows", 1_000, SECOND), run("pgcopydb", 1_000, SECOND),
        Measurement.failed("backfill", "exit 3"), run("verify", 100_000, SECOND));

    assertThat(text)
        .containsPattern("backfill rows/s / binary pipe rows/s +n/a .*MISS \\(a contender failed\\)")
        .containsPattern("verify time / binary pipe time +1.00 .*PASS");
  }

  @Test
  void aMissingPgcopydbIsSkippedSayingHowToInstallItAndIsNoFailure() {
    Measurement skipped = Measurement.skipped("pgcopydb --table-jobs 2", PgCopyDb.INSTALL);

    assertThat(ratios(run("pipe", 100_000, SECOND), run("rows", 1_000, SECOND), skipped,
        run("backfill", 90_000, SECOND), run("verify", 100_000, SECOND)))
        .containsPattern("backfill rows/s / pgcopydb rows/s +n/a +target >= 1.25 +SKIPPED \\(pgcopydb is not on the"
            + " PATH; install it \\(Debian: apt-get install pgcopydb\\)");
    assertThat(skipped.ok()).isFalse();
    assertThat(skipped.failedToRun()).isFalse();
    assertThat(Measurement.failed("x", "boom").failedToRun()).isTrue();
  }

  @Test
  void verifyMovingUnderOnePercentOfTheTableToTheWorkerPassesAndMoreMisses() {
    Measurement verify = run("verify", 100_000, SECOND);

    assertThat(verifyBytes(verify.withWorkerBytes(99_000), 10_000_000))
        .containsPattern("verify bytes to worker / table bytes +0.990% +target < 1 % +PASS \\(96.7 KiB of 9.5 MiB\\)");
    assertThat(verifyBytes(verify.withWorkerBytes(100_000), 10_000_000)).contains("1.000%").endsWith("MiB)");
    assertThat(verifyBytes(verify.withWorkerBytes(100_000), 10_000_000)).contains("MISS");
    assertThat(verifyBytes(verify, 10_000_000)).contains("n/a").contains("MISS (verify did not say what it moved)");
  }

  @Test
  void theBytesVerifySaysItMovedAreReadFromItsOutputAndSummedOverTables() {
    String output = "cutover verify: table \"public\".\"a\": 10 source rows, 10 target rows, 0 missing in target,"
        + " 0 missing in source, 0 different (5 ms); moved 1200 bytes to the worker, 0 rows row by row\n"
        + "cutover verify: table \"public\".\"b\": ... (7 ms); moved 34 bytes to the worker, 0 rows row by row\n";

    assertThat(Contenders.workerBytes(output)).isEqualTo(1234);
    assertThat(Contenders.workerBytes("cutover verify: 0 mismatching rows in 1 tables")).isEqualTo(-1);
  }

  @Test
  void liveHeapIsFlatWithinHalfAgainOrThirtyTwoMebibytesAndGrowingBeyondMisses() {
    assertThat(memory(live(20), live(29))).endsWith("PASS");
    assertThat(memory(live(100), live(140))).endsWith("PASS");
    assertThat(memory(live(100), live(151))).endsWith("MISS");
  }

  @Test
  void aRunWithoutCollectionsIsJudgedByItsPeakHeap() {
    Measurement noGc = new Measurement("small", 100, SECOND, new HeapWatch.HeapUse(10L << 20, -1, 0), null);

    assertThat(memory(noGc, live(12))).contains("10.0 MiB -> 12.0 MiB").endsWith("PASS");
  }

  @Test
  void theMedianOfRepeatsIsTheMiddleTimeAndAFailureIsNeverHidden() {
    Measurement fast = run("x", 10, SECOND);
    Measurement middle = run("x", 10, 2 * SECOND);
    Measurement slow = run("x", 10, 9 * SECOND);

    assertThat(Measurement.median(List.of(slow, fast, middle))).isSameAs(middle);
    Measurement failed = Measurement.failed("x", "boom");
    assertThat(Measurement.median(List.of(fast, failed, middle))).isSameAs(failed);
  }

  private static Measurement run(String name, long rows, long nanos) {
    return new Measurement(name, rows, nanos, HEAP, null);
  }

  private static Measurement live(long mebibytes) {
    return new Measurement("backfill", 1000, SECOND, new HeapWatch.HeapUse(512L << 20, mebibytes << 20, 5), null);
  }

  private static String ratios(Measurement pipe, Measurement rowByRow, Measurement pgcopydb, Measurement backfill,
      Measurement verify) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    new BenchReport(new PrintStream(text, true, StandardCharsets.UTF_8)).ratios(pipe, rowByRow, pgcopydb, backfill,
        verify);
    return text.toString(StandardCharsets.UTF_8);
  }

  private static String verifyBytes(Measurement verify, long tableBytes) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    new BenchReport(new PrintStream(text, true, StandardCharsets.UTF_8)).verifyBytes(verify, tableBytes);
    return text.toString(StandardCharsets.UTF_8).strip();
  }

  private static String memory(Measurement small, Measurement large) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    new BenchReport(new PrintStream(text, true, StandardCharsets.UTF_8)).memory(small, large);
    return text.toString(StandardCharsets.UTF_8).strip();
  }
}
