package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WriteLedgerTest {
  static final RowKey KEY = new RowKey("users", List.of("42"));
  static final RowImage V1 = RowImage.of(List.of("42", "Анна"));
  static final RowImage V2 = RowImage.of(List.of("42", "李雷"));
  static final SampleWrite INSERT_USER = SampleWrite.insert(TeaElephantSchema.USERS, Map.of("id", "42"));
  static final SampleWrite UPDATE_USER = SampleWrite.update(TeaElephantSchema.USERS, KEY, Map.of("locale", "ru"));
  static final SampleWrite INSERT_CUP = SampleWrite.insert(TeaElephantSchema.CONSUMPTIONS, Map.of("note", "ok"));
  static final RowKey CUP = new RowKey("consumptions", List.of("7"));

  @Test
  void lastAcknowledgedWriteWinsAndIsCountedInItsPhase() {
    WriteLedger ledger = new WriteLedger();
    ledger.acknowledged(Phase.OLD, INSERT_USER, KEY, V1);
    ledger.acknowledged(Phase.SHADOW, UPDATE_USER, KEY, V2);

    WriteLedger.Entry entry = ledger.entries().get(KEY);
    assertThat(entry.acknowledged()).isEqualTo(V2);
    assertThat(entry.acknowledgedIn()).isEqualTo(Phase.SHADOW);
    assertThat(entry.acknowledgedKind()).isEqualTo(WriteKind.UPDATE);
    assertThat(ledger.counts(Phase.OLD).acknowledged(WriteKind.INSERT)).isEqualTo(1);
    assertThat(ledger.counts(Phase.SHADOW).acknowledged(WriteKind.UPDATE)).isEqualTo(1);
    assertThat(ledger.acknowledgedTotal()).isEqualTo(2);
  }

  @Test
  void aWriteIsAcknowledgedOnceThePrimaryCommittedWhateverItsMirrorMet() {
    WriteLedger ledger = new WriteLedger();
    ledger.acknowledged(Phase.SHADOW, UPDATE_USER, KEY, V2);
    ledger.mirrorChangedNothing(Phase.SHADOW);
    ledger.acknowledged(Phase.SHADOW, UPDATE_USER, KEY, V1);
    ledger.mirrorFailed(Phase.SHADOW);

    assertThat(ledger.entries().get(KEY).acknowledged()).isEqualTo(V1);
    WriteLedger.PhaseCounts shadow = ledger.counts(Phase.SHADOW);
    assertThat(shadow.acknowledged(WriteKind.UPDATE)).isEqualTo(2);
    assertThat(shadow.mirrorChangedNothing()).isEqualTo(1);
    assertThat(shadow.mirrorFailed()).isEqualTo(1);
    assertThat(shadow.mirrored()).isZero();
  }

  @Test
  void aRefusedPrimaryWriteChangesNothingButIsCounted() {
    WriteLedger ledger = new WriteLedger();
    ledger.refused(Phase.NEW, false);

    assertThat(ledger.entries()).isEmpty();
    assertThat(ledger.counts(Phase.NEW).refused()).isEqualTo(1);
    assertThat(ledger.generatedKeyDuplicatesOnTarget()).isZero();
  }

  @Test
  void insertsWithoutAnIdAreCountedOnTheTargetOnlyOnceItIsPrimary() {
    WriteLedger ledger = new WriteLedger();
    ledger.acknowledged(Phase.SHADOW, INSERT_CUP, CUP, V1);
    ledger.refused(Phase.SHADOW, true);
    assertThat(ledger.generatedKeyInsertsOnTarget()).isZero();
    assertThat(ledger.generatedKeyDuplicatesOnTarget()).isZero();

    ledger.acknowledged(Phase.REVERSE_SHADOW, INSERT_CUP, CUP, V1);
    ledger.acknowledged(Phase.NEW, INSERT_CUP, new RowKey("consumptions", List.of("8")), V2);
    ledger.acknowledged(Phase.NEW, INSERT_USER, KEY, V1);
    ledger.refused(Phase.REVERSE_SHADOW, true);

    assertThat(INSERT_CUP.generatesKey()).isTrue();
    assertThat(INSERT_USER.generatesKey()).isFalse();
    assertThat(ledger.generatedKeyInsertsOnTarget()).isEqualTo(2);
    assertThat(ledger.generatedKeyDuplicatesOnTarget()).isEqualTo(1);
    assertThat(ledger.counts(Phase.SHADOW).generatedKeyInserts()).isEqualTo(1);
  }

  @Test
  void writesMadeWhileTheBackfillRunsAreCountedApart() {
    WriteLedger ledger = new WriteLedger();
    ledger.acknowledged(Phase.SHADOW, UPDATE_USER, KEY, V1);
    ledger.backfillRunning(true);
    ledger.acknowledged(Phase.SHADOW, UPDATE_USER, KEY, V2);
    ledger.acknowledged(Phase.SHADOW, SampleWrite.delete(TeaElephantSchema.USERS, KEY), KEY, RowImage.DELETED);
    ledger.backfillRunning(false);
    ledger.acknowledged(Phase.SHADOW, UPDATE_USER, KEY, V1);

    WriteLedger.PhaseCounts shadow = ledger.counts(Phase.SHADOW);
    assertThat(shadow.acknowledged(WriteKind.UPDATE)).isEqualTo(3);
    assertThat(shadow.duringBackfill(WriteKind.UPDATE)).isEqualTo(1);
    assertThat(shadow.duringBackfill(WriteKind.DELETE)).isEqualTo(1);
  }

  @Test
  void aWriteOfUnknownOutcomeLeavesTheRowToVerification() {
    WriteLedger ledger = new WriteLedger();
    ledger.acknowledged(Phase.OLD, INSERT_USER, KEY, V1);
    ledger.unknownOutcome(Phase.OLD, KEY);
    ledger.unknownOutcome(Phase.OLD, null);

    assertThat(ledger.entries().get(KEY).unknown()).isTrue();
    assertThat(ledger.entries()).hasSize(1);
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
