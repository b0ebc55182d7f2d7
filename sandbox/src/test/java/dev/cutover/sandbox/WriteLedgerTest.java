package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WriteLedgerTest {
  static final RowKey KEY = new RowKey("users", List.of("42"));
  static final RowImage V1 = RowImage.of(List.of("42", "Анна"));
  static final RowImage V2 = RowImage.of(List.of("42", "李雷"));

  @Test
  void lastAcknowledgedWriteWinsAndIsCountedInItsPhase() {
    WriteLedger ledger = new WriteLedger();
    ledger.acknowledged(Phase.OLD, WriteKind.INSERT, KEY, V1);
    ledger.acknowledged(Phase.SHADOW, WriteKind.UPDATE, KEY, V2);

    WriteLedger.Entry entry = ledger.entries().get(KEY);
    assertThat(entry.acknowledged()).isEqualTo(V2);
    assertThat(entry.acknowledgedIn()).isEqualTo(Phase.SHADOW);
    assertThat(entry.acceptable()).containsExactly(V2);
    assertThat(ledger.counts(Phase.OLD).acknowledged(WriteKind.INSERT)).isEqualTo(1);
    assertThat(ledger.counts(Phase.SHADOW).acknowledged(WriteKind.UPDATE)).isEqualTo(1);
    assertThat(ledger.acknowledgedTotal()).isEqualTo(2);
  }

  @Test
  void aWriteWhoseMirrorFailedMayOrMayNotBeThereUntilTheNextAcknowledgedWrite() {
    WriteLedger ledger = new WriteLedger();
    ledger.acknowledged(Phase.SHADOW, WriteKind.INSERT, KEY, V1);
    ledger.notAcknowledged(Phase.SHADOW, KEY, RowImage.DELETED);

    assertThat(ledger.entries().get(KEY).acceptable()).containsExactly(V1, RowImage.DELETED);
    assertThat(ledger.counts(Phase.SHADOW).notAcknowledged()).isEqualTo(1);

    ledger.acknowledged(Phase.SHADOW, WriteKind.INSERT, KEY, V2);
    assertThat(ledger.entries().get(KEY).acceptable()).containsExactly(V2);
  }

  @Test
  void aFailedPrimaryWriteChangesNothingButIsCounted() {
    WriteLedger ledger = new WriteLedger();
    ledger.failed(Phase.NEW);

    assertThat(ledger.entries()).isEmpty();
    assertThat(ledger.counts(Phase.NEW).failed()).isEqualTo(1);
  }

  @Test
  void aWriteOfUnknownOutcomeLeavesTheRowToVerification() {
    WriteLedger ledger = new WriteLedger();
    ledger.acknowledged(Phase.OLD, WriteKind.INSERT, KEY, V1);
    ledger.unknownOutcome(Phase.OLD, KEY);

    assertThat(ledger.entries().get(KEY).unknown()).isTrue();
  }

  @Test
  void keyPoolPicksOnlyKeysStillThere() {
    KeyPool pool = new KeyPool();
    pool.add(List.of("a"));
    pool.add(List.of("b"));
    pool.add(List.of("c"));
    pool.add(List.of("a"));
    pool.remove(List.of("a"));
    pool.remove(List.of("zzz"));

    Random random = new Random(1);
    for (int i = 0; i < 50; i++) {
      assertThat(pool.pick(random)).get().isIn(List.of("b"), List.of("c"));
    }
    assertThat(pool.size()).isEqualTo(2);
    pool.remove(List.of("b"));
    pool.remove(List.of("c"));
    assertThat(pool.pick(random)).isEmpty();
  }
}
