package dev.cutover.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScanProgressTest {
  @Test
  void printsAtMostOneLinePerIntervalWithTheRate() {
    long[] now = {0};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ScanProgress progress = new ScanProgress(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), "\"public\".\"t\" source", 10, () -> now[0]);

    progress.read(100);
    now[0] = 5;
    progress.read(200);
    now[0] = 20_000_000_000L;
    progress.read(4_000_000);
    now[0] = 20_000_000_005L;
    progress.read(4_000_100);

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly("cutover verify: \"public\".\"t\" source: 4,000,000 rows read (200,000 rows/s)");
  }
}
