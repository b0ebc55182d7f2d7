package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.HistoryEntry;
import dev.cutover.api.Migration;
import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import dev.cutover.api.VerificationPurpose;
import dev.cutover.api.VerificationStatus;
import dev.cutover.api.WorkerResult;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What fails a walk, each reason on its own, over the facts the sandbox gathers. */
class SandboxVerdictTest {
  static final RowKey CUP = new RowKey("consumptions", List.of("10001"));
  static final RowImage ROW = RowImage.of(List.of("10001", "x"));

  final WriteLedger ledger = new WriteLedger();
  final RepairEvidence repairs = new RepairEvidence();

  /** A ledger of a good walk: updates and deletes while the backfill ran, fresh ids once the target was primary. */
  SandboxVerdictTest() {
    RowKey user = new RowKey("users", List.of("u"));
    ledger.backfillRunning(true);
    ledger.acknowledged(Phase.SHADOW, SampleWrite.update(TeaElephantSchema.USERS, user, Map.of("locale", "ru")), user, ROW);
    ledger.acknowledged(Phase.SHADOW, SampleWrite.delete(TeaElephantSchema.USERS, user), user, RowImage.DELETED);
    ledger.backfillRunning(false);
    ledger.acknowledged(Phase.REVERSE_SHADOW, cupInsert(), CUP, ROW);
  }

  static SampleWrite cupInsert() {
    return SampleWrite.insert(TeaElephantSchema.CONSUMPTIONS, Map.of("note", "ok"));
  }

  List<String> failures(Phase walkedTo) {
    WorkerResult result = new WorkerResult();
    result.ok = true;
    return SandboxVerdict.failures(new SandboxVerdict.Facts(walkedTo, new FinalVerification.Outcome(0, result, ""),
        new LedgerCheck.Result(Side.TARGET, 3, 0, List.of()), ledger, repairs, SandboxManifests.UNRELATED_VALUE));
  }

  static Migration withVerification(VerificationPurpose purpose) {
    Migration migration = new Migration();
    migration.setStatus(new MigrationStatus());
    migration.getStatus().verification = new VerificationStatus();
    migration.getStatus().verification.purpose = purpose;
    migration.getStatus().verification.job = "teaelephant-verify-abcde";
    return migration;
  }

  @Test
  void aWalkWithParityNoRepairFreshIdsAndWritesDuringTheBackfillPasses() {
    repairs.observe(withVerification(VerificationPurpose.Check));

    assertThat(failures(Phase.NEW)).isEmpty();
  }

  @Test
  void aRepairRunSeenInTheStatusFailsTheWalk() {
    repairs.observe(withVerification(VerificationPurpose.Check));
    repairs.observe(withVerification(VerificationPurpose.Repair));
    repairs.observe(withVerification(VerificationPurpose.Repair));

    assertThat(failures(Phase.NEW)).singleElement().asString()
        .startsWith("a verification needed a repair (status.verification.purpose was Repair (Job teaelephant-verify-abcde))");
  }

  @Test
  void aRepairStartedEventOrHistoryEntryFailsTheWalk() {
    repairs.observe(new EventBuilder().withReason("RepairStarted").withMessage("found mismatches (tags: 1 different)").build());
    repairs.observe(new EventBuilder().withReason("PhaseChanged").withMessage("shadow").build());
    Migration migration = withVerification(VerificationPurpose.Check);
    migration.getStatus().history = List.of(new HistoryEntry(Phase.SHADOW, 0, "2026-12-04T21:00:00Z", "RecheckStarted", "m"));
    repairs.observe(migration);

    assertThat(repairs.found()).containsExactly("Event RepairStarted: found mismatches (tags: 1 different)",
        "status.history has RecheckStarted at 2026-12-04T21:00:00Z");
    assertThat(failures(Phase.SHADOW)).singleElement().asString()
        .startsWith("a verification needed a repair (Event RepairStarted: found mismatches (tags: 1 different),"
            + " and 1 more signs listed above)");
  }

  @Test
  void anInsertRefusedWithADuplicateKeyOnceTheTargetIsPrimaryFailsTheWalk() {
    ledger.refused(Phase.REVERSE_SHADOW, true);

    assertThat(failures(Phase.NEW)).singleElement().asString()
        .startsWith("1 inserts without an id were refused by the target with a duplicate key");
  }

  @Test
  void noInsertWithoutAnIdOnTheTargetAsPrimaryLeavesTheSequencesUnprovenOnlyWhenTheWalkGotThere() {
    WriteLedger shadowOnly = new WriteLedger();
    RowKey user = new RowKey("users", List.of("u"));
    shadowOnly.backfillRunning(true);
    shadowOnly.acknowledged(Phase.SHADOW, SampleWrite.delete(TeaElephantSchema.USERS, user), user, RowImage.DELETED);
    WorkerResult result = new WorkerResult();
    result.ok = true;
    for (Phase walkedTo : List.of(Phase.SHADOW, Phase.REVERSE_SHADOW)) {
      List<String> failures = SandboxVerdict.failures(new SandboxVerdict.Facts(walkedTo,
          new FinalVerification.Outcome(0, result, ""), new LedgerCheck.Result(Side.TARGET, 1, 0, List.of()),
          shadowOnly, repairs, SandboxManifests.UNRELATED_VALUE));
      if (walkedTo == Phase.SHADOW) {
        assertThat(failures).isEmpty();
      } else {
        assertThat(failures).singleElement().asString().startsWith("no insert without an id succeeded on the target");
      }
    }
  }

  @Test
  void aWalkWithoutUpdatesOrDeletesDuringTheBackfillProvesNothingAboutItAndFails() {
    WriteLedger quiet = new WriteLedger();
    quiet.acknowledged(Phase.REVERSE_SHADOW, cupInsert(), CUP, ROW);
    WorkerResult result = new WorkerResult();
    result.ok = true;

    List<String> failures = SandboxVerdict.failures(new SandboxVerdict.Facts(Phase.NEW,
        new FinalVerification.Outcome(0, result, ""), new LedgerCheck.Result(Side.TARGET, 1, 0, List.of()),
        quiet, repairs, SandboxManifests.UNRELATED_VALUE));

    assertThat(failures).singleElement().asString()
        .startsWith("no update or delete was made while the backfill copied");
  }

  @Test
  void noParityALostWriteAndAnEditedConfigMapKeyEachFailTheWalk() {
    WorkerResult mismatch = new WorkerResult();
    mismatch.ok = false;
    List<String> failures = SandboxVerdict.failures(new SandboxVerdict.Facts(Phase.NEW,
        new FinalVerification.Outcome(1, mismatch, ""),
        new LedgerCheck.Result(Side.TARGET, 3, 0, List.of(new LedgerCheck.Problem(CUP, "missing in the target"))),
        ledger, repairs, "debug"));

    assertThat(failures).containsExactly("the final verification found source and target different",
        "1 acknowledged writes are missing or different in the target",
        "the operator changed a ConfigMap key it does not own: LOG_LEVEL=debug");
  }
}
