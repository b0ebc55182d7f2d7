package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.WorkerResult;
import dev.cutover.jobs.JobOutcome;
import dev.cutover.jobs.JobTemplate;
import dev.cutover.jobs.WorkerJobs;
import dev.cutover.jobs.WorkerAttempt;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner executes the Jobs the operator's own Job code builds, and the operator's code reads the outcome. */
class LocalJobRunnerTest {
  static final String NS = "teaelephant";
  static final String IMAGE = "ghcr.io/cutover/cutover:test";
  static final ObjectMapper JSON = new ObjectMapper();
  static SandboxCluster cluster;

  @TempDir Path workDir;
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<Launch> launches = new CopyOnWriteArrayList<>();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger mostAtOnce = new AtomicInteger();
  volatile FakeWorker worker = FakeWorker.succeeding();
  LocalJobRunner runner;
  WorkerJobs jobs;
  Migration migration;

  record Launch(List<String> args, Map<String, String> env, String manifest) {}

  /** What the fake worker does for one launch. */
  interface FakeWorker {
    int run(Launch launch, PrintStream out) throws Exception;

    static FakeWorker succeeding() {
      return (launch, out) -> {
        WorkerResult result = new WorkerResult();
        result.command = launch.args().get(0);
        result.ok = true;
        result.partition = Integer.parseInt(launch.env().getOrDefault("JOB_COMPLETION_INDEX", "0"));
        result.partitions = Integer.parseInt(launch.env().getOrDefault("CUTOVER_PARTITIONS", "1"));
        WorkerResult.Table table = new WorkerResult.Table();
        table.name = "users";
        table.rows = 10L;
        result.tables.add(table);
        Files.writeString(Path.of(launch.env().get("CUTOVER_RESULT_FILE")), JSON.writeValueAsString(result));
        return 0;
      };
    }
  }

  @BeforeAll
  static void startCluster() {
    cluster = SandboxCluster.start(NS);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void startRunner() {
    KubernetesClient client = cluster.client();
    client.batch().v1().jobs().inNamespace(NS).delete();
    client.pods().inNamespace(NS).delete();
    client.secrets().inNamespace(NS).resource(SandboxManifests.dsnSecret(SandboxManifests.SOURCE_SECRET,
        "jdbc:postgresql://localhost:1/source")).createOr(s -> s.update());
    client.secrets().inNamespace(NS).resource(SandboxManifests.dsnSecret(SandboxManifests.TARGET_SECRET,
        "jdbc:postgresql://localhost:2/target")).createOr(s -> s.update());
    client.resources(Migration.class).inNamespace(NS).delete();
    Migration applied = SandboxManifests.migration(Phase.SHADOW);
    applied.getSpec().backfill.parallelism = 1;
    migration = client.resource(applied).inNamespace(NS).create();
    jobs = new WorkerJobs(client, new JobTemplate(IMAGE));
    runner = new LocalJobRunner(client, NS, Set.of(IMAGE), this::launch, 2, workDir, log::add);
    runner.start();
  }

  @AfterEach
  void stopRunner() {
    runner.close();
  }

  int launch(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    int now = running.incrementAndGet();
    mostAtOnce.accumulateAndGet(now, Math::max);
    try {
      Path manifest = Path.of(args[2]);
      Launch launch = new Launch(List.of(args), env, Files.exists(manifest) ? Files.readString(manifest) : null);
      launches.add(launch);
      Thread.sleep(100);
      return worker.run(launch, out);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      running.decrementAndGet();
    }
  }

  JobOutcome awaitFinished(Job job) {
    await().atMost(Duration.ofSeconds(20)).until(() -> JobOutcome.isFinished(current(job)));
    return jobs.outcome(current(job));
  }

  Job current(Job job) {
    return cluster.client().batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get();
  }

  @Test
  void backfillJobRunsTheWorkerWithTheManifestFileAndTheSecretsAndCompletes() throws Exception {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));

    JobOutcome outcome = awaitFinished(job);

    assertThat(outcome.state()).isEqualTo(RunState.Succeeded);
    assertThat(outcome.rows()).singleElement().satisfies(rows -> assertThat(rows.rows).isEqualTo(10L));
    Launch launch = launches.get(0);
    assertThat(launch.args()).hasSize(3).startsWith("backfill", "-f");
    assertThat(launch.args().get(2)).startsWith(workDir.toString()).endsWith("/migration.yaml");
    assertThat(launch.manifest()).contains("kind: \"Migration\"").contains("name: \"teaelephant\"")
        .contains("teaelephant-server-flags");
    assertThat(launch.env()).containsEntry("CUTOVER_SOURCE_DSN", "jdbc:postgresql://localhost:1/source")
        .containsEntry("CUTOVER_TARGET_DSN", "jdbc:postgresql://localhost:2/target")
        .doesNotContainKey("JOB_COMPLETION_INDEX");
    assertThat(launch.env().get("CUTOVER_RESULT_FILE")).startsWith(workDir.toString());

    Job finished = current(job);
    assertThat(finished.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(finished.getStatus().getCompletionTime()).isNotNull();
    assertThat(finished.getStatus().getConditions()).extracting(c -> c.getType())
        .contains("SuccessCriteriaMet", "Complete");
    Pod pod = jobs.pods(finished).get(0);
    assertThat(pod.getMetadata().getName()).startsWith(job.getMetadata().getName() + "-");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("job-name", job.getMetadata().getName())
        .containsEntry("batch.kubernetes.io/controller-uid", job.getMetadata().getUid())
        .containsEntry(CutoverConstants.LABEL_RUN, "backfill");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(job.getMetadata().getUid()));
    var terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isZero();
    assertThat(terminated.getMessage()).startsWith("{\"command\":\"backfill\"");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void indexedBackfillRunsOnePodPerPartitionAtMostTwoAtATime() {
    migration.getSpec().backfill.parallelism = 3;
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));

    JobOutcome outcome = awaitFinished(job);

    assertThat(outcome.state()).isEqualTo(RunState.Succeeded);
    assertThat(launches).extracting(l -> l.env().get("JOB_COMPLETION_INDEX")).containsExactlyInAnyOrder("0", "1", "2");
    assertThat(launches).allSatisfy(l -> assertThat(l.env()).containsEntry("CUTOVER_PARTITIONS", "3"));
    assertThat(mostAtOnce.get()).isEqualTo(2);
    assertThat(current(job).getStatus().getCompletedIndexes()).isEqualTo("0-2");
    assertThat(jobs.pods(current(job))).extracting(p -> p.getMetadata().getLabels()
        .get("batch.kubernetes.io/job-completion-index")).containsExactlyInAnyOrder("0", "1", "2");
  }

  @Test
  void verifyWithRepairPassesTheFlagAndAMismatchFailsTheJob() {
    migration.getSpec().verification.repair = true;
    worker = (launch, out) -> {
      Files.writeString(Path.of(launch.env().get("CUTOVER_RESULT_FILE")),
          "{\"command\":\"verify\",\"ok\":false,\"exitCode\":1,\"tables\":[{\"name\":\"tags\",\"different\":1,"
              + "\"sampleKeys\":[\"(7)\"]}]}");
      return 1;
    };
    Job job = jobs.ensure(WorkerAttempt.verify(migration, 1));

    JobOutcome outcome = awaitFinished(job);

    assertThat(launches.get(0).args()).containsExactly("verify", "-f", launches.get(0).args().get(2), "--repair");
    // The run finished and found a difference: the operator reads it as a verification that did not pass.
    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.reason()).isEqualTo("MismatchesFound");
    assertThat(outcome.mismatches()).isEqualTo(1);
    assertThat(current(job).getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Failed");
      assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
    });
    assertThat(current(job).getStatus().getFailed()).isEqualTo(1);
  }

  @Test
  void aWorkerThatDiesWithoutAResultLeavesTheEndOfItsLogAsTheMessage() {
    worker = (launch, out) -> {
      out.println("connecting to the target");
      out.println("error: relation \"users\" does not exist");
      return 2;
    };
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    awaitFinished(job);

    Pod pod = jobs.pods(current(job)).get(0);
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage())
        .isEqualTo("connecting to the target\nerror: relation \"users\" does not exist");
  }

  @Test
  void aResultLongerThanFourKibibytesIsCutAsTheKubeletWould() {
    worker = (launch, out) -> {
      Files.writeString(Path.of(launch.env().get("CUTOVER_RESULT_FILE")), "x".repeat(5000));
      return 0;
    };
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    awaitFinished(job);

    Pod pod = jobs.pods(current(job)).get(0);
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage()).hasSize(4096);
  }

  @Test
  void aMissingSecretKeepsThePodWaitingUntilTheSecretAppears() {
    cluster.client().secrets().inNamespace(NS).withName(SandboxManifests.TARGET_SECRET).delete();
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));

    await().atMost(Duration.ofSeconds(10)).until(() -> jobs.pods(current(job)).stream().anyMatch(p ->
        p.getStatus() != null && p.getStatus().getContainerStatuses() != null
            && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null));
    var waiting = jobs.pods(current(job)).get(0).getStatus().getContainerStatuses().get(0).getState().getWaiting();
    assertThat(waiting.getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(waiting.getMessage()).isEqualTo("secret \"managed-db\" not found");
    assertThat(launches).isEmpty();

    cluster.client().secrets().inNamespace(NS).resource(SandboxManifests.dsnSecret(SandboxManifests.TARGET_SECRET,
        "jdbc:postgresql://localhost:2/target")).create();
    assertThat(awaitFinished(job).state()).isEqualTo(RunState.Succeeded);
  }

  /** The operator's own Job for a verify, with other worker arguments, as a new run kind's Job looks. */
  Job jobWithArgs(String generateName, List<String> args) {
    Job job = new JobTemplate(IMAGE).build(WorkerAttempt.verify(migration, 1));
    job.getMetadata().setGenerateName(generateName);
    job.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(args);
    return cluster.client().resource(job).inNamespace(NS).create();
  }

  @Test
  void aJobOfAWorkerCommandOtherThanBackfillOrVerifyRunsThroughTheLauncher() {
    Job job = jobWithArgs("teaelephant-sequences-", List.of("sequences", "-f",
        CutoverConstants.SPEC_MOUNT_PATH + "/" + CutoverConstants.SPEC_FILE, "--to", "target"));

    await().atMost(Duration.ofSeconds(20)).until(() -> JobOutcome.isFinished(current(job)));

    assertThat(launches).singleElement().satisfies(launch -> {
      assertThat(launch.args()).startsWith("sequences", "-f").endsWith("--to", "target");
      assertThat(launch.args().get(2)).startsWith(workDir.toString()).endsWith("/migration.yaml");
    });
    var terminated = jobs.pods(current(job)).get(0).getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isZero();
    assertThat(terminated.getMessage()).startsWith("{\"command\":\"sequences\"");
  }

  @Test
  void aJobThatWouldStartTheOperatorFailsItsPodSayingSo() {
    Job job = jobWithArgs("teaelephant-operator-", List.of("run"));

    await().atMost(Duration.ofSeconds(20)).until(() -> JobOutcome.isFinished(current(job)));

    assertThat(launches).isEmpty();
    var terminated = jobs.pods(current(job)).get(0).getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(LocalJobRunner.UNSUPPORTED_EXIT_CODE);
    assertThat(terminated.getMessage()).contains("arguments [run]").contains("start the operator");
  }

  @Test
  void aCustomImageIsNotRunAndItsPodFailsSayingWhy() {
    migration.getSpec().backfill.template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
        .withNewSpec().addNewContainer().withName("copy").withImage("example.com/my-backfill:1")
        .withArgs("--all").endContainer().endSpec().build();
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));

    JobOutcome outcome = awaitFinished(job);

    assertThat(outcome.state()).isEqualTo(RunState.Failed);
    assertThat(launches).isEmpty();
    var terminated = jobs.pods(current(job)).get(0).getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(LocalJobRunner.UNSUPPORTED_EXIT_CODE);
    assertThat(terminated.getMessage()).contains("example.com/my-backfill:1").contains("custom spec.backfill.template");
    assertThat(log).anyMatch(line -> line.contains("example.com/my-backfill:1"));
  }

  @Test
  void deletingTheJobDeletesItsPodsAsTheGarbageCollectorWould() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    awaitFinished(job);
    assertThat(jobs.pods(current(job))).hasSize(1);

    jobs.delete(current(job));

    await().atMost(Duration.ofSeconds(5)).until(() ->
        cluster.client().pods().inNamespace(NS).withLabel("job-name", job.getMetadata().getName()).list().getItems().isEmpty());
  }

  @Test
  void aThrowingWorkerFailsItsPodWithExitCodeOne() {
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    runner.onFinishedPod((j, pod, exitCode) -> seen.put(pod.getMetadata().getName(), exitCode));
    worker = (launch, out) -> {
      throw new IllegalStateException("boom");
    };
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    awaitFinished(job);

    assertThat(seen.values()).containsExactly(1);
  }
}
