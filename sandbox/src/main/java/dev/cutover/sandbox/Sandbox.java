package dev.cutover.sandbox;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.jobs.RunKind;
import dev.cutover.worker.MigrationManifest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The whole migration on one machine: the in-process API, the two databases, the sample
 * application, the Deployment and Job controllers the operator relies on, and the operator.
 *
 * <p>The walk sets {@code spec.phase} one phase at a time, as an SRE would with
 * {@code kubectl patch}, and waits for each to be complete before the next, so that a timeout
 * names the phase and step it was stuck in and every phase sees writes. Before {@code new}, the
 * last phase in which source and target are both written, the application's writes are paused for
 * the final verification: in {@code new} the source is no longer written, so parity can only be
 * proven before. The write ledger is checked against the target at the very end, covering every
 * write of every phase; {@link SandboxVerdict} says what else a walk must show to pass.
 */
public final class Sandbox implements AutoCloseable {
  static final String NAMESPACE = "teaelephant";
  /** The image the sandbox's operator puts in its Jobs, and the only one the local runner runs. */
  static final String WORKER_IMAGE = "ghcr.io/cutover/cutover:sandbox";
  private static final Duration DWELL = Duration.ofSeconds(1);

  /** What to run. */
  public record Options(int rows, Phase phase, int writeRate, Duration timeout, Path workDir) {}

  private final Options options;
  private final PrintStream out;
  private final InProcessOperator operatorLauncher;
  private final LocalJobRunner.WorkerLauncher worker;
  private final List<AutoCloseable> parts = new ArrayList<>();

  private SandboxCluster cluster;
  private SandboxDatabases databases;
  private SampleApplication app;
  private LocalJobRunner runner;
  private MigrationWatch watch;
  private Instant started;
  private int backfillPodsRunning;

  public Sandbox(Options options, PrintStream out, InProcessOperator operator, LocalJobRunner.WorkerLauncher worker) {
    this.options = options;
    this.out = out;
    this.operatorLauncher = operator;
    this.worker = worker;
  }

  public SandboxCluster cluster() {
    return cluster;
  }

  public SandboxDatabases databases() {
    return databases;
  }

  public LocalJobRunner runner() {
    return runner;
  }

  public SampleApplication application() {
    return app;
  }

  /** Starts every part and applies the Migration in {@code old}. */
  public void start() throws Exception {
    started = Instant.now();
    Files.createDirectories(options.workDir());
    say("starting the API server, two PostgreSQL servers (" + options.rows() + " rows in the source) and the operator");
    cluster = remember(SandboxCluster.start(NAMESPACE));
    databases = remember(SandboxDatabases.start(options.rows()));
    KubernetesClient client = cluster.client();
    client.resource(SandboxManifests.dsnSecret(SandboxManifests.SOURCE_SECRET, databases.jdbcUrl(Side.SOURCE)))
        .inNamespace(NAMESPACE).create();
    client.resource(SandboxManifests.dsnSecret(SandboxManifests.TARGET_SECRET, databases.jdbcUrl(Side.TARGET)))
        .inNamespace(NAMESPACE).create();
    client.resource(SandboxManifests.flags()).inNamespace(NAMESPACE).create();
    client.resource(SandboxManifests.server()).inNamespace(NAMESPACE).create();

    app = remember(new SampleApplication(databases, client, NAMESPACE, SandboxManifests.FLAGS_CONFIG_MAP,
        options.writeRate(), line -> say("app    " + line)));
    app.start();
    ServerRollout rollout = remember(new ServerRollout(client, NAMESPACE, SandboxManifests.SERVER,
        SandboxManifests.FLAGS_CONFIG_MAP, app::runsWith, Duration.ofMillis(300), line -> say("deploy " + line)));
    rollout.start();
    runner = remember(new LocalJobRunner(client, NAMESPACE, Set.of(WORKER_IMAGE), worker, 2,
        options.workDir(), line -> say("job    " + line)));
    runner.onStartedPod((job, pod) -> backfillPod(job, +1));
    runner.onFinishedPod((job, pod, exitCode) -> backfillPod(job, -1));
    runner.start();
    remember(operatorLauncher.start(client, WORKER_IMAGE));

    Migration migration = SandboxManifests.migration(Phase.OLD);
    Migration applied = client.resource(migration).inNamespace(NAMESPACE).create();
    Path manifest = options.workDir().resolve("migration.yaml");
    Files.writeString(manifest, MigrationManifest.yaml(applied));
    say("kubectl apply -f " + manifest + "   # PostgreSQL -> PostgreSQL, " + applied.getSpec().tables.size()
        + " tables, spec.phase old");
    watch = remember(new MigrationWatch(client, NAMESPACE, SandboxManifests.MIGRATION, out::println));
    watch.start();
  }

  /** Walks to the requested phase, checks, prints the summary; 0 only when nothing was lost. */
  public int walk() {
    Instant deadline = started.plus(options.timeout());
    FinalVerification.Outcome verification = null;
    String verifiedWhen = null;
    try {
      watch.awaitComplete(Phase.OLD, deadline);
      dwell(DWELL.multipliedBy(2));
      for (Phase next = Phase.SHADOW; !options.phase().isBefore(next); next = next.next()) {
        if (next == Phase.NEW) {
          verification = verifyWithWritesPaused();
          verifiedWhen = "reverse-shadow, application writes paused; new writes the source no more";
        }
        setPhase(next);
        watch.awaitComplete(next, deadline);
        dwell(DWELL);
        if (next == Phase.NEW) {
          break;
        }
      }
    } catch (SandboxFailure failure) {
      app.stop();
      summary(null, null);
      new SandboxSummary(out).operatorVerification(watch.current());
      out.println();
      out.println("FAILED: " + failure.getMessage());
      return 1;
    }
    app.stop();
    say("application stopped: " + app.ledger().acknowledgedTotal() + " writes acknowledged");
    if (verification == null && options.phase() != Phase.OLD) {
      verification = verify();
      verifiedWhen = options.phase() + ", application stopped";
    }
    return conclude(verification, verifiedWhen);
  }

  private int conclude(FinalVerification.Outcome verification, String verifiedWhen) {
    LedgerCheck.Result ledger;
    Side checked = options.phase() == Phase.OLD ? Side.SOURCE : Side.TARGET;
    try (var connection = databases.connect(checked)) {
      ledger = LedgerCheck.check(app.ledger(), connection, checked);
    } catch (java.sql.SQLException e) {
      out.println("FAILED: cannot read the " + checked.label() + " to check the write ledger: " + e.getMessage());
      return 1;
    }
    watch.poll();
    summary(verification, verifiedWhen);
    new SandboxSummary(out).ledger(ledger);
    List<String> failures = SandboxVerdict.failures(new SandboxVerdict.Facts(options.phase(), verification, ledger,
        app.ledger(), watch.repairs(), unrelatedFlag()));
    out.println();
    if (failures.isEmpty()) {
      out.println("PASSED: " + options.phase() + " reached in " + MigrationLine.age(started, Instant.now())
          + (verification == null ? "" : ", source and target identical without a repair")
          + ", no acknowledged write lost");
      return 0;
    }
    out.println("FAILED: " + String.join("; ", failures));
    return 1;
  }

  private void summary(FinalVerification.Outcome verification, String verifiedWhen) {
    SandboxSummary summary = new SandboxSummary(out);
    try {
      summary.rows(databases.rowCounts(Side.SOURCE), databases.rowCounts(Side.TARGET), reached());
    } catch (java.sql.SQLException e) {
      out.println("cannot count rows: " + e.getMessage());
    }
    summary.writes(app.ledger(), app.reads());
    summary.misses("mirrored writes that did not change the shadow as they changed the primary (counted, never"
        + " retried: the backfill and the operator must make the shadow equal)", app.mirrorMisses());
    summary.misses("writes the primary refused (the caller got an error)", app.refusals());
    summary.generatedKeys(app.ledger());
    summary.repairs(watch.repairs());
    if (verification != null) {
      summary.verification(verifiedWhen, verification);
    }
  }

  /** Counts the backfill pods copying now, so that writes made meanwhile are counted apart. */
  private synchronized void backfillPod(Job job, int change) {
    var labels = job.getMetadata().getLabels();
    if (labels != null && RunKind.BACKFILL.value().equals(labels.get(CutoverConstants.LABEL_RUN))) {
      backfillPodsRunning += change;
      app.ledger().backfillRunning(backfillPodsRunning > 0);
    }
  }

  private Phase reached() {
    Migration migration = watch == null ? null : watch.current();
    return migration == null || migration.getStatus() == null ? null : migration.getStatus().phase;
  }

  private FinalVerification.Outcome verifyWithWritesPaused() {
    app.pauseWrites();
    try {
      say("application writes paused for the final verification");
      return verify();
    } finally {
      app.resumeWrites();
      say("application writes resumed");
    }
  }

  private FinalVerification.Outcome verify() {
    say("cutover verify -f " + options.workDir().resolve("final-verification/migration.yaml"));
    FinalVerification.Outcome outcome = FinalVerification.run(watch.current(), databases, worker,
        options.workDir().resolve("final-verification"));
    say("verify exited " + outcome.exitCode() + (outcome.parity() ? " (parity)" : ""));
    return outcome;
  }

  private void setPhase(Phase phase) {
    say("kubectl patch migration " + SandboxManifests.MIGRATION + " --type merge -p '{\"spec\":{\"phase\":\""
        + phase + "\"}}'");
    cluster.client().resources(Migration.class).inNamespace(NAMESPACE).withName(SandboxManifests.MIGRATION)
        .edit(migration -> {
          migration.getSpec().phase = phase;
          return migration;
        });
  }

  private String unrelatedFlag() {
    ConfigMap flags = cluster.client().configMaps().inNamespace(NAMESPACE).withName(SandboxManifests.FLAGS_CONFIG_MAP).get();
    return flags == null || flags.getData() == null ? null : flags.getData().get(SandboxManifests.UNRELATED_KEY);
  }

  /** Lets the application write for a while in the phase just reached. */
  private static void dwell(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void say(String line) {
    out.println("  " + line);
  }

  private <T extends AutoCloseable> T remember(T part) {
    parts.add(part);
    return part;
  }

  /** Writes a kubeconfig for the API server into the work directory. */
  public Path kubeconfig() throws IOException {
    return cluster.writeKubeconfig(options.workDir().resolve("kubeconfig"));
  }

  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // Closing the rest matters more.
      }
    }
  }
}
