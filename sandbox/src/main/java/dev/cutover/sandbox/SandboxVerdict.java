package dev.cutover.sandbox;

import dev.cutover.api.Phase;
import java.util.ArrayList;
import java.util.List;

/**
 * What a walk must show to pass, each failure in a sentence: parity in the final verification; no
 * repair on the way (the backfill and the mirrored writes alone made the target equal); every
 * acknowledged write in the target with its last value; the ConfigMap's other keys untouched;
 * once the target was primary, inserts without an id that got fresh ids from its sequences and none
 * refused with a duplicate key; and updates and deletes made while the backfill copied, without
 * which the run proves nothing about a backfill racing live writes.
 */
final class SandboxVerdict {
  /** What the sandbox saw of the walk. */
  record Facts(Phase walkedTo, FinalVerification.Outcome verification, LedgerCheck.Result ledgerCheck,
      WriteLedger ledger, RepairEvidence repairs, String unrelatedFlag) {}

  private SandboxVerdict() {}

  /** The reasons the walk failed; empty when it passed. */
  static List<String> failures(Facts facts) {
    List<String> failures = new ArrayList<>();
    if (facts.verification() != null && !facts.verification().parity()) {
      failures.add("the final verification found source and target different");
    }
    if (facts.repairs().repaired()) {
      List<String> found = facts.repairs().found();
      failures.add("a verification needed a repair (" + found.get(0)
          + (found.size() > 1 ? ", and " + (found.size() - 1) + " more signs listed above" : "")
          + "): the backfill and the mirrored writes did not leave the target equal to the source by themselves");
    }
    LedgerCheck.Result ledgerCheck = facts.ledgerCheck();
    if (ledgerCheck != null && !ledgerCheck.passed()) {
      failures.add(ledgerCheck.problems().size() + " acknowledged writes are missing or different in the "
          + ledgerCheck.side().label());
    }
    if (!SandboxManifests.UNRELATED_VALUE.equals(facts.unrelatedFlag())) {
      failures.add("the operator changed a ConfigMap key it does not own: " + SandboxManifests.UNRELATED_KEY + "="
          + facts.unrelatedFlag());
    }
    failures.addAll(sequenceFailures(facts));
    failures.addAll(backfillRaceFailures(facts));
    return failures;
  }

  private static List<String> sequenceFailures(Facts facts) {
    if (facts.walkedTo().isBefore(Phase.REVERSE_SHADOW)) {
      return List.of();
    }
    List<String> failures = new ArrayList<>();
    long duplicates = facts.ledger().generatedKeyDuplicatesOnTarget();
    if (duplicates > 0) {
      failures.add(duplicates + " inserts without an id were refused by the target with a duplicate key once it was"
          + " primary: its sequences were not moved past the ids the source had handed out");
    }
    if (facts.ledger().generatedKeyInsertsOnTarget() == 0) {
      failures.add("no insert without an id succeeded on the target once it was primary: nothing shows its"
          + " sequences hand out fresh ids");
    }
    return failures;
  }

  private static List<String> backfillRaceFailures(Facts facts) {
    if (facts.walkedTo().isBefore(Phase.SHADOW)) {
      return List.of();
    }
    WriteLedger.PhaseCounts shadow = facts.ledger().counts(Phase.SHADOW);
    if (shadow.duringBackfill(WriteKind.UPDATE) + shadow.duringBackfill(WriteKind.DELETE) == 0) {
      return List.of("no update or delete was made while the backfill copied, so the run proves nothing about a"
          + " backfill racing live writes: raise --write-rate or --rows");
    }
    return List.of();
  }
}
