package dev.cutover.worker.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.store.Column;
import dev.cutover.store.TableShape;
import dev.cutover.worker.PartitionSlot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BackfillProgressTest {
  private static final TableShape TEAS =
      new TableShape("public", "teas", List.of(new Column("id", "integer")), List.of("id"));
  private final ByteArrayOutputStream text = new ByteArrayOutputStream();
  private long now;

  @Test
  void printsRowsRateAndEtaAtMostOncePerInterval() {
    BackfillProgress progress = progress(new PartitionSlot(1, 2));
    progress.started(TEAS, 0, OptionalLong.of(4000));
    now += 1_000_000_000L;
    progress.copied(100);
    now += 1_000_000_000L;
    progress.copied(100);
    now += 3_000_000_000L;
    progress.copied(300);
    progress.finished();

    List<String> lines = text.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).containsExactly(
        "backfill \"public\".\"teas\" [partition 1/2]: starting, about 2000 rows",
        "backfill \"public\".\"teas\" [partition 1/2]: 500 rows, 100 rows/s, ETA 15s",
        "backfill \"public\".\"teas\" [partition 1/2]: 500 rows, 100 rows/s, done");
  }

  @Test
  void withoutAnEstimateThereIsNoEta() {
    BackfillProgress progress = progress(PartitionSlot.WHOLE);
    progress.started(TEAS, 50, OptionalLong.empty());
    now += 6_000_000_000L;
    progress.copied(600);
    assertThat(text.toString(StandardCharsets.UTF_8)).contains("resuming after 50 rows copied earlier")
        .contains("650 rows, 100 rows/s\n").doesNotContain("ETA");
  }

  @Test
  void formatsLongEtas() {
    assertThat(BackfillProgress.format(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(BackfillProgress.format(Duration.ofSeconds(61))).isEqualTo("1m1s");
    assertThat(BackfillProgress.format(Duration.ofSeconds(7322))).isEqualTo("2h2m");
  }

  private BackfillProgress progress(PartitionSlot slot) {
    return new BackfillProgress(new PrintStream(text, true, StandardCharsets.UTF_8), slot, Duration.ofSeconds(5),
        () -> now);
  }
}
