package dev.cutover.worker.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.store.Key;
import dev.cutover.store.RowBatch;
import dev.cutover.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchPipeTest {

  @Test
  void handsEveryBatchToTheWriterInOrder() throws Exception {
    List<String> written = new ArrayList<>();
    BatchPipe.run(sink -> {
      for (int i = 0; i < 100; i++) {
        sink.accept(batch(i));
      }
    }, batch -> written.add(batch.lastKey().values().get(0)));
    assertThat(written).hasSize(100).startsWith("0", "1", "2").endsWith("99");
  }

  @Test
  void aReaderFailureArrivesAfterTheBatchesReadBeforeIt() {
    List<String> written = new ArrayList<>();
    assertThatThrownBy(() -> BatchPipe.run(sink -> {
      sink.accept(batch(1));
      sink.accept(batch(2));
      throw StoreException.unavailable("source lost", null);
    }, batch -> written.add(batch.lastKey().values().get(0))))
        .isInstanceOf(StoreException.class).hasMessage("source lost");
    assertThat(written).containsExactly("1", "2");
  }

  @Test
  void aWriterFailureStopsTheReaderAtItsNextBatch() {
    AtomicInteger read = new AtomicInteger();
    assertThatThrownBy(() -> BatchPipe.run(sink -> {
      for (int i = 0; i < 1_000_000; i++) {
        read.incrementAndGet();
        sink.accept(batch(i));
      }
    }, batch -> {
      throw StoreException.badInput("target refused " + batch.lastKey());
    })).hasMessage("target refused (0)");
    assertThat(read.get()).isLessThan(10);
  }

  @Test
  void aBugInTheReaderIsNotSwallowed() {
    assertThatThrownBy(() -> BatchPipe.run(sink -> {
      throw new IllegalStateException("bug");
    }, batch -> {})).isInstanceOf(IllegalStateException.class).hasMessage("bug");
  }

  private static RowBatch batch(int i) {
    byte[] text = (i + "\n").getBytes();
    return new RowBatch(text, text.length, 1, Key.of(String.valueOf(i)));
  }
}
