package dev.cutover.store.foundationdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.KeySelector;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.StreamingMode;
import com.apple.foundationdb.async.AsyncIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The double must behave like fdb-java where the read path depends on it, or its tests prove nothing. */
class InMemoryFdbTest {
  private final InMemoryFdb.SimulatedTicker clock = new InMemoryFdb.SimulatedTicker();
  private final InMemoryFdb fdb = new InMemoryFdb(clock);

  private static byte[] key(int... bytes) {
    byte[] key = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      key[i] = (byte) bytes[i];
    }
    return key;
  }

  private static List<Integer> firstBytes(List<KeyValue> rows) {
    List<Integer> firsts = new ArrayList<>();
    rows.forEach(row -> firsts.add(row.getKey()[0] & 0xff));
    return firsts;
  }

  @BeforeEach
  void fill() {
    for (int b : new int[] {0x80, 0x01, 0xfe, 0x7f, 0x10}) {
      fdb.put(key(b), key(b));
    }
  }

  @Test
  void ordersKeysAsUnsignedBytesAndHonoursLimitAndReverse() {
    ReadTransaction reads = fdb.newTransaction().snapshot();
    assertThat(reads.isSnapshot()).isTrue();
    assertThat(firstBytes(reads.getRange(key(0x00), key(0xff)).asList().join())).containsExactly(0x01, 0x10, 0x7f, 0x80, 0xfe);
    assertThat(firstBytes(reads.getRange(key(0x00), key(0xff), 2).asList().join())).containsExactly(0x01, 0x10);
    assertThat(firstBytes(reads.getRange(key(0x00), key(0xff), 2, true).asList().join())).containsExactly(0xfe, 0x80);
    assertThat(firstBytes(reads.getRange(key(0x10), key(0x80)).asList().join())).containsExactly(0x10, 0x7f);
  }

  @Test
  void resolvesKeySelectorsLikeTheServer() {
    ReadTransaction reads = fdb.newTransaction();
    assertThat(firstBytes(reads.getRange(KeySelector.firstGreaterThan(key(0x10)), KeySelector.firstGreaterOrEqual(key(0xff)))
        .asList().join())).containsExactly(0x7f, 0x80, 0xfe);
    assertThat(firstBytes(reads.getRange(KeySelector.firstGreaterOrEqual(key(0x11)), KeySelector.firstGreaterThan(key(0x80)))
        .asList().join())).containsExactly(0x7f, 0x80);
    assertThat(firstBytes(reads.getRange(KeySelector.lastLessOrEqual(key(0x7f)), KeySelector.lastLessThan(key(0xfe)))
        .asList().join())).containsExactly(0x7f);
    assertThat(firstBytes(reads.getRange(KeySelector.firstGreaterOrEqual(key(0x01)).add(2), KeySelector.firstGreaterOrEqual(key(0xff)))
        .asList().join())).containsExactly(0x7f, 0x80, 0xfe);
    assertThat(reads.getKey(KeySelector.firstGreaterThan(key(0xfe))).join()).containsExactly(0xff);
  }

  @Test
  void streamingModesFetchInChunksOfTheirOwnSize() {
    for (int i = 0; i < 300; i++) {
      fdb.put(key(0x20, i >> 8, i & 0xff), key(i));
    }
    int before = fdb.roundTrips();
    assertThat(fdb.newTransaction().getRange(key(0x20), key(0x21), 0, false, StreamingMode.SMALL).asList().join()).hasSize(300);
    int small = fdb.roundTrips() - before;
    before = fdb.roundTrips();
    assertThat(fdb.newTransaction().getRange(key(0x20), key(0x21), 0, false, StreamingMode.WANT_ALL).asList().join()).hasSize(300);
    int wantAll = fdb.roundTrips() - before;
    before = fdb.roundTrips();
    assertThat(fdb.newTransaction().getRange(key(0x20), key(0x21), 250, false, StreamingMode.EXACT).asList().join()).hasSize(250);
    assertThat(fdb.roundTrips() - before).isEqualTo(1);
    assertThat(small).isEqualTo(30);
    assertThat(wantAll).isEqualTo(1);
    assertThatThrownBy(() -> fdb.newTransaction().getRange(key(0x20), key(0x21), 0, false, StreamingMode.EXACT))
        .isInstanceOf(FDBException.class);
  }

  @Test
  void iteratorFetchesLazilyAndSurfacesErrorsFromHasNext() {
    for (int i = 0; i < 50; i++) {
      fdb.put(key(0x30, i), key(i));
    }
    AsyncIterator<KeyValue> rows = fdb.newTransaction().getRange(key(0x30), key(0x31), 0, false, StreamingMode.SMALL).iterator();
    int seen = 0;
    while (seen < 10) {
      rows.next();
      seen++;
    }
    fdb.failRoundTrip(fdb.roundTrips() + 1, 1020);
    assertThatThrownBy(rows::hasNext).isInstanceOf(CompletionException.class).hasCauseInstanceOf(FDBException.class);
  }

  @Test
  void transactionOlderThanFiveSecondsFailsWithTransactionTooOld() {
    ReadTransaction reads = fdb.newTransaction().snapshot();
    clock.advance(1_000);
    assertThat(reads.getRange(key(0x00), key(0xff)).asList().join()).hasSize(5);
    clock.advance(5_001);
    assertThatThrownBy(() -> reads.getRange(key(0x00), key(0xff)).asList().join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(FDBException.class, e -> assertThat(e.getCode()).isEqualTo(1007));
    assertThat(fdb.newTransaction().getRange(key(0x00), key(0xff)).asList().join()).hasSize(5);
  }

  @Test
  void aTransactionReadsAtItsReadVersion() {
    ReadTransaction reads = fdb.newTransaction().snapshot();
    assertThat(reads.get(key(0x01)).join()).isNotNull();
    fdb.put(key(0x02), key(0x02));
    fdb.clear(key(0x01));
    assertThat(firstBytes(reads.getRange(key(0x00), key(0x11)).asList().join())).containsExactly(0x01, 0x10);
    assertThat(firstBytes(fdb.newTransaction().getRange(key(0x00), key(0x11)).asList().join())).containsExactly(0x02, 0x10);
  }

  @Test
  void injectedFaultsHitTheChosenRoundTrip() {
    fdb.failRoundTrip(fdb.roundTrips() + 2, 1007);
    ReadTransaction reads = fdb.newTransaction();
    assertThat(reads.getRange(key(0x00), key(0xff)).asList().join()).hasSize(5);
    assertThatThrownBy(() -> reads.getRange(key(0x00), key(0xff)).asList().join()).hasCauseInstanceOf(FDBException.class);
    assertThat(reads.getRange(key(0x00), key(0xff)).asList().join()).hasSize(5);
  }
}
