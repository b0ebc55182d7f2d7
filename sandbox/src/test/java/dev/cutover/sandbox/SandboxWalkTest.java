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
    try (Sandbox sandbox = new Sandbox(new Sandbox.Options(300, phase, 100, timeout, true, dir), out, operator, worker)) {
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
            && !e.getValue().acknowledged().deleted() && e.getValue().unacknowledged().isEmpty())
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
  void anOperatorThatNeverAnswersTimesOutSayingWhereItStopped() throws Exception {
    InProcessOperator silent = (client, image) -> () -> { };

    int exitCode = run(Phase.NEW, silent, new CopyingWorker(), Duration.ofSeconds(3), s -> { });

    assertThat(exitCode).isEqualTo(1);
    assertThat(output()).contains("FAILED: timed out waiting for phase old to complete: "
        + "the operator has not written a status yet (is it running?)");
  }
}
