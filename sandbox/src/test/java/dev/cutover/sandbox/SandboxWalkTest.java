package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's own logic (walk, printing, final checks, exit code) with a scripted operator and a
 * copying worker standing in for the real ones: the sandbox must tell the truth whoever runs it.
 */
class SandboxWalkTest {
  @TempDir Path dir;
  final ByteArrayOutputStream output = new ByteArrayOutputStream();

  int run(Phase phase, InProcessOperator operator, LocalJobRunner.WorkerLauncher worker, Duration timeout,
      java.util.function.Consumer<Sandbox> during) throws Exception {
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    try (Sandbox sandbox = new Sandbox(new Sandbox.Options(300, phase, 100, timeout, dir), out, operator, worker)) {
      sandbox.start();
      during.accept(sandbox);
      return sandbox.walk();
    }
  }

  String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void walksToNewWithWritesInEveryPhaseAndPasses() throws Exception {
    int exitCode = run(Phase.NEW, new ScriptedOperator(300), new CopyingWorker(), Duration.ofMinutes(2), s -> { });

    assertThat(exitCode).as(output()).isZero();
    assertThat(output())
        .contains("NAME          PHASE           TARGET          STEP               READ%  VERIFIED  AGE")
        .containsPattern("teaelephant +shadow +shadow +Backfilling")
        .containsPattern("teaelephant +shadow +shadow +Ramping +50 +True")
        .containsPattern("teaelephant +new +new +Complete +100")
        .contains("event  Normal  PhaseComplete")
        .contains("kubectl patch migration teaelephant --type merge -p '{\"spec\":{\"phase\":\"reverse-shadow\"}}'")
        .contains("app    server now runs with DATABASE_BACKEND=managed FF_PG_DUAL_WRITE=false")
        .contains("final verification (reverse-shadow, application writes paused")
        .contains("every acknowledged write is there")
        .contains("repairs: none")
        .contains("job    job/teaelephant-sequences-")
        .containsPattern("inserts without an id on the target as primary \\(reverse-shadow and new\\): [1-9][0-9]* got a"
            + " fresh id, 0 refused with a duplicate key")
        .contains("PASSED: new reached");
    assertThat(output().lines().filter(l -> l.startsWith("  insert (acknowledged)")).findFirst().orElseThrow())
        .matches("  insert \\(acknowledged\\)( +[1-9][0-9]*){4}");
  }

  @Test
  void anAcknowledgedWriteLostFromBothSidesFailsTheRunNamingTheRow() throws Exception {
    Sandbox[] running = new Sandbox[1];
    CopyingWorker copying = new CopyingWorker();
    String[] lost = new String[1];
    LocalJobRunner.WorkerLauncher losing = (args, env, out, err) -> {
      if (args[2].contains("final-verification")) {
        lost[0] = loseOneWrite(running[0]);
      }
      return copying.run(args, env, out, err);
    };

    int exitCode = run(Phase.SHADOW, new ScriptedOperator(200), losing, Duration.ofMinutes(2), s -> running[0] = s);

    assertThat(exitCode).isEqualTo(1);
    assertThat(output()).contains("final verification (shadow, application stopped): parity")
        .contains("consumptions(" + lost[0] + "): missing in the target")
        .contains("FAILED: 1 acknowledged writes are missing or different in the target");
  }

  /** Deletes one acknowledged consumption from both stores: parity holds, the write is lost. */
  static String loseOneWrite(Sandbox sandbox) {
    String id = sandbox.application().ledger().entries().entrySet().stream()
        .filter(e -> e.getKey().table().equals("consumptions") && e.getValue().acknowledged() != null
            && !e.getValue().acknowledged().deleted() && !e.getValue().unknown())
        .map(Map.Entry::getKey).findFirst().orElseThrow().values().get(0);
    for (Side side : Side.values()) {
      try (Connection connection = sandbox.databases().connect(side); Statement statement = connection.createStatement()) {
        statement.execute("DELETE FROM consumptions WHERE id = " + Long.parseLong(id));
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return id;
  }

  @Test
  void aWalkThatNeededARepairFailsThoughItEndsWithParity() throws Exception {
    CopyingWorker copying = new CopyingWorker();
    Sandbox[] running = new Sandbox[1];
    boolean[] tampered = new boolean[1];
    LocalJobRunner.WorkerLauncher tampering = (args, env, out, err) -> {
      int exitCode = copying.run(args, env, out, err);
      if (args[0].equals("backfill") && !tampered[0]) {
        tampered[0] = true;
        try (Connection target = running[0].databases().connect(Side.TARGET); Statement statement = target.createStatement()) {
          statement.execute("UPDATE tags SET name = 'tampered' WHERE id = 1");
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
      return exitCode;
    };
    Thread sre = new Thread(() -> turnOnRepairOnceBlocked(running));
    sre.setDaemon(true);

    int exitCode = run(Phase.SHADOW, new ScriptedOperator(200), tampering, Duration.ofMinutes(2), s -> {
      running[0] = s;
      sre.start();
    });

    assertThat(exitCode).as(output()).isEqualTo(1);
    assertThat(output()).contains("final verification (shadow, application stopped): parity")
        .contains("repairs: a verification needed a repair, which fails the walk:")
        .contains("FAILED: a verification needed a repair (Event RepairStarted: verification with --repair");
  }

  /** What an SRE does when the walk is held on mismatches: turns repair on. */
  static void turnOnRepairOnceBlocked(Sandbox[] running) {
    var migrations = running[0].cluster().client().resources(dev.cutover.api.Migration.class)
        .inNamespace(Sandbox.NAMESPACE).withName(SandboxManifests.MIGRATION);
    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
      var status = migrations.get().getStatus();
      return status != null && status.step == dev.cutover.api.Step.Blocked;
    });
    migrations.edit(m -> {
      m.getSpec().verification.repair = true;
      return m;
    });
  }

  @Test
  void anOperatorThatNeverAnswersTimesOutSayingWhereItStopped() throws Exception {
    InProcessOperator silent = (client, image) -> () -> { };

    int exitCode = run(Phase.NEW, silent, new CopyingWorker(), Duration.ofSeconds(3), s -> { });

    assertThat(exitCode).isEqualTo(1);
    assertThat(output()).contains("FAILED: timed out waiting for phase old to complete: "
        + "the operator has not written a status yet (is it running?)");
  }
}
