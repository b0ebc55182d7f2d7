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
  void backfillAtSeventyPercentOfThePipePassesAndJustBelowMisses() {
    Measurement pipe = run("pipe", 100_000, SECOND);
    Measurement rowByRow = run("rows", 1_000, SECOND);

    assertThat(ratios(pipe, rowByRow, run("backfill", 70_000, SECOND), run("verify", 100_000, 2 * SECOND)))
        .containsPattern("backfill rows/s / raw pipe rows/s +0.70 +target >= 0.7 +PASS")
        .containsPattern("backfill rows/s / row-by-row rows/s +70.00 +target >= 20 +PASS")
        .containsPattern("verify time / raw pipe time +2.00 +target <= 2 +PASS");
    assertThat(ratios(pipe, rowByRow, run("backfill", 69_000, SECOND), run("verify", 100_000, 2 * SECOND + 1)))
        .containsPattern("backfill rows/s / raw pipe rows/s +0.69 +target >= 0.7 +MISS")
        .containsPattern("verify time / raw pipe time +2.00 +target <= 2 +MISS");
  }

  @Test
  void backfillBelowTwentyTimesRowByRowMisses() {
    String text = ratios(run("pipe", 100_000, SECOND), run("rows", 5_000, SECOND), run("backfill", 99_000, SECOND),
        run("verify", 100_000, SECOND));

    assertThat(text).containsPattern("backfill rows/s / row-by-row rows/s +19.80 +target >= 20 +MISS")
        .containsPattern("raw pipe rows/s / row-by-row rows/s +20.00 +\\(the ceiling of the ratio above here\\)");
  }

  @Test
  void aFailedContenderIsAMissAndNeverARatio() {
    String text = ratios(run("pipe", 100_000, SECOND), run("rows", 1_000, SECOND),
        Measurement.failed("backfill", "exit 3"), run("verify", 100_000, SECOND));

    assertThat(text)
        .containsPattern("backfill rows/s / raw pipe rows/s +n/a .*MISS \\(a contender failed\\)")
        .containsPattern("verify time / raw pipe time +1.00 .*PASS");
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

  private static String ratios(Measurement pipe, Measurement rowByRow, Measurement backfill, Measurement verify) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    new BenchReport(new PrintStream(text, true, StandardCharsets.UTF_8)).ratios(pipe, rowByRow, backfill, verify);
    return text.toString(StandardCharsets.UTF_8);
  }

  private static String memory(Measurement small, Measurement large) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    new BenchReport(new PrintStream(text, true, StandardCharsets.UTF_8)).memory(small, large);
    return text.toString(StandardCharsets.UTF_8).strip();
  }
}
