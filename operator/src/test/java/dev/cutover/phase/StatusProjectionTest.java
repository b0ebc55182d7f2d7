package dev.cutover.phase;

import static dev.cutover.phase.Given.T0;
import static dev.cutover.phase.Given.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.BackfillStatus;
import dev.cutover.api.HistoryEntry;
import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import dev.cutover.api.TableVerification;
import dev.cutover.api.VerificationPurpose;
import dev.cutover.api.VerificationStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writing a decision onto the status, and reading runs back from it. */
class StatusProjectionTest {

  @Test
  void writesTheEngineOwnedFieldsAsRfc3339() {
    Decision decision = Given.shadowVerified().after(min(41)).decide();
    MigrationStatus status = new MigrationStatus();

    decision.writeTo(status);

    assertThat(status.observedGeneration).isEqualTo(1L);
    assertThat(status.phase).isEqualTo(Phase.SHADOW);
    assertThat(status.readPercent).isEqualTo(10);
    assertThat(status.rampStep).isZero();
    assertThat(status.rampStepSince).isEqualTo("2025-03-01T09:41:00Z");
    assertThat(status.phaseSince).isEqualTo("2025-03-01T09:00:00Z");
    assertThat(status.step).isEqualTo(Step.Ramping);
    assertThat(status.conditions).extracting(Condition::getType)
        .containsExactly("Ready", "Progressing", "Degraded", "PreflightPassed", "BackfillComplete", "Verified");
    assertThat(status.history).singleElement().satisfies(entry -> {
      assertThat(entry.reason).isEqualTo("ReadRampStep");
      assertThat(entry.readPercent).isEqualTo(10);
      assertThat(entry.at).isEqualTo("2025-03-01T09:41:00Z");
    });
  }

  @Test
  void lastTransitionTimeIsKeptWhileAConditionsStatusDoesNotChange() {
    MigrationStatus status = new MigrationStatus();
    Given.shadowVerified().readsAt(10, T0.plus(min(41))).after(min(42)).decide().writeTo(status);
    String verifiedSince = condition(status, "Verified").getLastTransitionTime();

    Given.shadowVerified().readsAt(10, T0.plus(min(41))).after(min(45)).decide().writeTo(status);
    assertThat(condition(status, "Verified").getLastTransitionTime()).isEqualTo(verifiedSince);

    Given.shadowVerified().readsAt(10, T0.plus(min(41))).after(min(41).plusHours(25)).decide().writeTo(status);
    assertThat(condition(status, "Verified").getStatus()).isEqualTo("Unknown");
    assertThat(condition(status, "Verified").getLastTransitionTime()).isEqualTo("2025-03-02T10:41:00Z");
  }

  @Test
  void historyKeepsTheNewestTwenty() {
    List<HistoryEntry> history = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      history = History.append(history, new HistoryEntry(Phase.SHADOW, i, "t" + i, "ReadRampStep", "m"));
    }

    assertThat(history).hasSize(History.LIMIT);
    assertThat(history.get(0).readPercent).isEqualTo(5);
    assertThat(history.get(19).readPercent).isEqualTo(24);
  }

  @Test
  void timestampsRoundTripAndAcceptOffsets() {
    assertThat(Timestamps.format(Instant.parse("2025-03-01T09:00:00.750Z"))).isEqualTo("2025-03-01T09:00:00Z");
    assertThat(Timestamps.parse("2025-03-01T11:00:00+02:00")).isEqualTo(T0);
    assertThatThrownBy(() -> Timestamps.parse("yesterday")).hasMessageContaining("RFC 3339");
  }

  @Test
  void runsAndRequestsRoundTripThroughStatus() {
    BackfillStatus backfill = new BackfillStatus();
    new BackfillRequest(7, 2, 4).writeTo(backfill);
    backfill.state = RunState.Failed;
    backfill.startedAt = "2025-03-01T09:01:00Z";
    backfill.failureReason = "exit code 2: column teas.kind does not exist";

    BackfillRun run = BackfillRun.fromStatus(backfill).orElseThrow();

    assertThat(run.request()).isEqualTo(new BackfillRequest(7, 2, 4));
    assertThat(run.createdAt()).isEqualTo(T0.plus(min(1)));

    VerificationStatus verification = new VerificationStatus();
    new VerificationRequest(3, 1, 4, VerificationPurpose.Recheck, Phase.SHADOW, 50).writeTo(verification);
    verification.state = RunState.Succeeded;
    verification.passed = false;
    TableVerification teas = new TableVerification();
    teas.name = "teas";
    teas.mismatches = 4;
    verification.tables.add(teas);

    VerificationRun read = VerificationRun.fromStatus(verification).orElseThrow();

    assertThat(read.request()).isEqualTo(new VerificationRequest(3, 1, 4, VerificationPurpose.Recheck, Phase.SHADOW, 50));
    assertThat(read.mismatchesByTable()).containsEntry("teas", 4L);
    assertThat(VerificationRun.fromStatus(new VerificationStatus())).isEmpty();
  }

  @Test
  void aNewBackfillRunRecordsItsOwnStartWhileARetryKeepsTheRunsStartAndLastFailure() {
    BackfillStatus failed = new BackfillRequest(3, 3, 1).startedStatus("b-3", T0, null);
    failed.state = RunState.Failed;
    failed.failureReason = "exit code 3";

    BackfillStatus retry = new BackfillRequest(4, 2, 1).startedStatus("b-4", T0.plus(min(5)), failed);
    BackfillStatus newRun = new BackfillRequest(4, 1, 2).startedStatus("b-4", T0.plus(min(5)), failed);

    assertThat(retry.startedAt).isEqualTo("2025-03-01T09:00:00Z");
    assertThat(retry.failureReason).isEqualTo("exit code 3");
    assertThat(newRun.startedAt).isEqualTo("2025-03-01T09:05:00Z");
    assertThat(newRun.failureReason).isNull();
    assertThat(BackfillRun.fromStatus(newRun).orElseThrow().request()).isEqualTo(new BackfillRequest(4, 1, 2));
    VerificationStatus verifying = new VerificationRequest(2, 1, 1, VerificationPurpose.Repair, Phase.SHADOW, 0)
        .startedStatus("v-2", T0);
    assertThat(VerificationRun.fromStatus(verifying).orElseThrow().state()).isEqualTo(RunState.Running);
    assertThat(verifying.purpose).isEqualTo(VerificationPurpose.Repair);
  }

  @Test
  void anUnchangedDecisionAnnouncesNothingOnceItsStatusIsWritten() {
    Given given = Given.in(Phase.SHADOW).backfill(RunState.Running, 1, 1, T0.plus(min(1)), null, null);
    MigrationStatus status = given.status();
    Decision first = new PhaseEngine().decide(given.spec, status, given.observation());
    first.writeTo(status);

    Decision second = new PhaseEngine().decide(given.spec, status, given.at(T0.plus(min(9))).observation());

    assertThat(first.actions()).singleElement().isInstanceOf(Action.RecordEvent.class);
    assertThat(second.actions()).isEmpty();
  }

  static Condition condition(MigrationStatus status, String type) {
    return status.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}
