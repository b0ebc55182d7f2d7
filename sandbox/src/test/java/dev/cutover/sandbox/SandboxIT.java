package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import dev.cutover.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox end to end, with the real operator, the real worker commands run in-process by the
 * local Job runner, and the sample application writing throughout as a production one does: ids
 * from the database, mirrors with the primary's statements, updates and deletes while the backfill
 * copies, no repair.
 */
class SandboxIT {
  /** The defaults of cutover sandbox: enough rows and writes for updates and deletes to land while the backfill copies. */
  static final int ROWS = 5000;
  static final int WRITE_RATE = 50;
  static final String TAMPERED = "tampered behind the back of the application";

  @TempDir Path dir;
  final ByteArrayOutputStream output = new ByteArrayOutputStream();

  Sandbox sandbox() {
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    return new Sandbox(new Sandbox.Options(ROWS, Phase.NEW, WRITE_RATE, Duration.ofMinutes(3), dir), out,
        InProcessOperator.cutover(), Main::run);
  }

  String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void migrationUnderProductionLikeWritesEndsInNewWithParityNoRepairAndNoAcknowledgedWriteLost() throws Exception {
    try (Sandbox sandbox = sandbox()) {
      sandbox.start();
      int exitCode = sandbox.walk();

      assertThat(exitCode).as(output()).isZero();
      assertThat(output()).contains("PASSED: new reached").contains("): parity")
          .contains("every acknowledged write is there").contains("repairs: none");
      WriteLedger ledger = sandbox.application().ledger();
      for (Phase phase : Phase.values()) {
        assertThat(ledger.counts(phase).acknowledgedTotal()).as("writes in %s", phase).isPositive();
      }
      WriteLedger.PhaseCounts shadow = ledger.counts(Phase.SHADOW);
      assertThat(shadow.duringBackfill(WriteKind.UPDATE)).as("updates while the backfill copied").isPositive();
      assertThat(shadow.duringBackfill(WriteKind.DELETE)).as("deletes while the backfill copied").isPositive();
      assertThat(ledger.generatedKeyInsertsOnTarget()).isPositive();
      assertThat(ledger.generatedKeyDuplicatesOnTarget()).isZero();
    }
  }

  @Test
  void aTargetRowChangedBehindTheApplicationsBackHoldsShadowAndTheRepairThatReleasesItFailsTheRun() throws Exception {
    try (Sandbox sandbox = sandbox()) {
      sandbox.start();
      AtomicBoolean tampered = new AtomicBoolean();
      // Right after the backfill copied it, before verification reads it: tags are never written by the application.
      sandbox.runner().onFinishedPod((job, pod, exitCode) -> {
        if (exitCode == 0 && pod.getMetadata().getName().contains("-backfill-") && tampered.compareAndSet(false, true)) {
          execute(sandbox, Side.TARGET, "UPDATE tags SET name = '" + TAMPERED + "' WHERE id = 1");
        }
      });
      CompletableFuture<Integer> walk = CompletableFuture.supplyAsync(sandbox::walk);

      try {
        await().atMost(Duration.ofMinutes(2)).until(() -> blockedInShadow(migration(sandbox)));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("the walk was never held in shadow with Verified=False:\n" + output(), e);
      }
      Instant blockedAt = Instant.now();
      while (Instant.now().isBefore(blockedAt.plusSeconds(4))) {
        Migration held = migration(sandbox);
        assertThat(held.getStatus().phase).isEqualTo(Phase.SHADOW);
        assertThat(held.getStatus().readPercent).isZero();
        assertThat(verified(held)).isEqualTo("False");
        Thread.sleep(250);
      }
      assertThat(migration(sandbox).getStatus().verification.tables).as("the tampered table is named")
          .anySatisfy(table -> {
            assertThat(table.name).isEqualTo("tags");
            assertThat(table.mismatches).isPositive();
          });
      assertThat(tagName(sandbox, Side.TARGET)).isEqualTo(TAMPERED);

      sandbox.cluster().client().resources(Migration.class).inNamespace(Sandbox.NAMESPACE)
          .withName(SandboxManifests.MIGRATION).edit(m -> {
            m.getSpec().verification.repair = true;
            return m;
          });

      int exitCode = walk.get(3, TimeUnit.MINUTES);
      assertThat(exitCode).as(output()).isEqualTo(1);
      assertThat(tagName(sandbox, Side.TARGET)).isEqualTo(tagName(sandbox, Side.SOURCE)).isNotEqualTo(TAMPERED);
      // Which sign of the repair the watch saw first (the status or the Event) is a race; both are listed.
      assertThat(output()).contains("repairs: a verification needed a repair")
          .contains("Event RepairStarted: ").containsPattern("FAILED: .*a verification needed a repair \\(");
    }
  }

  static Migration migration(Sandbox sandbox) {
    return sandbox.cluster().client().resources(Migration.class).inNamespace(Sandbox.NAMESPACE)
        .withName(SandboxManifests.MIGRATION).get();
  }

  static boolean blockedInShadow(Migration migration) {
    var status = migration.getStatus();
    return status != null && status.phase == Phase.SHADOW && "False".equals(verified(migration))
        && (status.step == Step.Blocked || status.step == Step.Verifying);
  }

  static String verified(Migration migration) {
    return migration.getStatus().conditions.stream().filter(c -> "Verified".equals(c.getType()))
        .map(c -> c.getStatus()).findFirst().orElse(null);
  }

  static String tagName(Sandbox sandbox, Side side) throws Exception {
    try (Connection connection = sandbox.databases().connect(side); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM tags WHERE id = 1")) {
      rows.next();
      return rows.getString(1);
    }
  }

  static void execute(Sandbox sandbox, Side side, String sql) {
    try (Connection connection = sandbox.databases().connect(side); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
