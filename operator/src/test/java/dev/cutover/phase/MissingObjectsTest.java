package dev.cutover.phase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A missing ConfigMap, Secret or workload: Degraded naming it, forward moves held, recovery on its own. */
class MissingObjectsTest {

  @Test
  void aMissingSecretHoldsForwardMovesAndNamesTheObject() {
    Decision decision = Given.in(Phase.SHADOW).missing("Secret", "pg", "spec.target.postgres.dsn.secretKeyRef").decide();

    assertThat(decision.step()).isEqualTo(Step.Blocked);
    assertThat(decision.reason()).isEqualTo("MissingObject");
    assertThat(decision.actions()).noneMatch(a -> a instanceof Action.StartBackfill);
    ConditionState degraded = decision.condition(ConditionState.DEGRADED).orElseThrow();
    assertThat(degraded.status()).isEqualTo(ConditionState.Status.True);
    assertThat(degraded.message()).contains("Secret pg (spec.target.postgres.dsn.secretKeyRef)");
    assertThat(decision.requeueAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void rollbackStillWorksWithAMissingSecret() {
    Decision decision = Given.in(Phase.REVERSE_SHADOW).desired(Phase.SHADOW)
        .missing("Secret", "pg", "spec.target.postgres.dsn.secretKeyRef").decide();

    assertThat(Describe.work(decision)).isEqualTo("ApplyFlags shadow source+dual 0%");
  }

  @Test
  void aMissingFlagsConfigMapHoldsEverythingIncludingRollback() {
    Decision decision = Given.in(Phase.REVERSE_SHADOW).desired(Phase.SHADOW)
        .missing("ConfigMap", Given.CONFIG_MAP, "spec.flags.configMap").decide();

    assertThat(decision.reason()).isEqualTo("MissingObject");
    assertThat(Describe.work(decision)).isEqualTo("-");
    assertThat(decision.progress().phase()).isEqualTo(Phase.REVERSE_SHADOW);
  }

  @Test
  void aNewMigrationWhoseConfigMapIsMissingWritesNothingAndRecordsNoPhase() {
    Given given = new Given().missing("ConfigMap", Given.CONFIG_MAP, "spec.flags.configMap");

    Decision decision = given.decide();

    assertThat(decision.progress()).isNull();
    assertThat(decision.flags()).isEmpty();
    assertThat(decision.condition(ConditionState.DEGRADED).orElseThrow().message()).contains("ConfigMap server-flags");
  }

  @Test
  void itRecoversByItselfOnceTheObjectExists() {
    Given given = Given.in(Phase.SHADOW).missing("Deployment", "server", "spec.flags.restartWorkloads");
    assertThat(given.decide().reason()).isEqualTo("MissingObject");

    given.missing.clear();
    Decision decision = given.decide();

    assertThat(Describe.work(decision)).isEqualTo("StartBackfill #1 try 1");
    assertThat(decision.condition(ConditionState.DEGRADED).orElseThrow().status()).isEqualTo(ConditionState.Status.False);
  }

  @Test
  void anInvalidSpecHoldsEverythingAndSaysWhichField() {
    Given given = Given.in(Phase.SHADOW);
    given.spec.readRamp.steps = new java.util.ArrayList<>(java.util.List.of(50, 10, 100));

    Decision decision = given.decide();

    assertThat(decision.reason()).isEqualTo("InvalidSpec");
    assertThat(decision.message()).contains("spec.readRamp.steps");
    assertThat(Describe.work(decision)).isEqualTo("-");
    assertThat(decision.condition(ConditionState.DEGRADED).orElseThrow().status()).isEqualTo(ConditionState.Status.True);
  }

  @Test
  void defaultsApplyWhenOptionalBlocksAreAbsent() {
    Given given = Given.shadowVerified();
    given.spec.readRamp = null;
    given.spec.verification = null;
    given.spec.backfill = null;

    assertThat(Describe.work(given.decide())).isEqualTo("ApplyFlags shadow source+dual 10%");
  }
}
