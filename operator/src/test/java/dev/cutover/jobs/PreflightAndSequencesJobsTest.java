package dev.cutover.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.PreflightStatus;
import dev.cutover.api.RunState;
import dev.cutover.api.SequenceSide;
import dev.cutover.api.SequencesStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The preflight and sequences Jobs: names, labels, arguments, and what their results say. */
@EnableKubernetesMockClient(crud = true)
class PreflightAndSequencesJobsTest {
  /** A refusal as `cutover preflight` writes it (the contract's result JSON). */
  static final String REFUSAL = """
      {"command":"preflight","partition":0,"partitions":1,"ok":false,"durationMs":412,
       "error":"2 problems; and 9 more on stderr","exitCode":2,"tables":[],
       "problems":[
        {"table":"teas","column":"price","message":"numeric(12,2) on the source cannot be written into integer on the target without loss: widen the target column"},
        {"table":"billing.invoices","column":"id","message":"the source sequence billing.invoices_id_seq feeds id; the target has no sequence feeding billing.invoices.id"}],
       "sequences":[{"table":"teas","column":"id","source":"public.teas_id_seq","target":"public.teas_id_seq"}]}
      """;
  /** A move of two sequences to the target as `cutover sequences --to target` writes it. */
  static final String MOVED = """
      {"command":"sequences","partition":0,"partitions":1,"ok":true,"durationMs":80,"exitCode":0,"tables":[],
       "sequencesTo":"target",
       "sequences":[
        {"table":"teas","column":"id","source":"public.teas_id_seq","target":"public.teas_id_seq","value":130042},
        {"table":"billing.invoices","column":"id","source":"billing.invoices_id_seq","target":"billing.invoices_id_seq","value":22001}]}
      """;
  private static int namespaces;
  static KubernetesClient client;
  final JobTemplate template = new JobTemplate("ghcr.io/cutover/cutover:1.2.3");
  WorkerJobs jobs;
  FakeJobController controller;
  Migration migration;

  @BeforeEach
  void setUp() {
    jobs = new WorkerJobs(client, template);
    controller = new FakeJobController(client);
    migration = TestMigrations.postgres("seq-" + (++namespaces), "teaelephant");
  }

  @Test
  void aPreflightJobIsOneDefaultWorkerPodRunningThePreflightCommand() {
    migration.getSpec().backfill.parallelism = 4;
    migration.getSpec().backfill.template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
        .withNewSpec().addNewContainer().withName("mine").withImage("registry.example/backfill:1").endContainer()
        .endSpec().build();

    Job job = template.build(WorkerAttempt.preflight(migration, 2));

    assertThat(job.getMetadata().getGenerateName()).isEqualTo("teaelephant-preflight-");
    assertThat(job.getMetadata().getLabels())
        .containsEntry(CutoverConstants.LABEL_RUN, "preflight")
        .containsEntry(CutoverConstants.LABEL_ATTEMPT, "2")
        .containsEntry(CutoverConstants.LABEL_MIGRATION_UID, migration.getMetadata().getUid());
    assertThat(job.getSpec().getCompletions()).as("single pod, whatever backfill.parallelism says").isEqualTo(1);
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("NonIndexed");
    var worker = job.getSpec().getTemplate().getSpec().getContainers();
    assertThat(worker).singleElement().satisfies(c -> {
      assertThat(c.getImage()).as("the operator's image, never backfill.template").isEqualTo(template.operatorImage());
      assertThat(c.getArgs()).containsExactly("preflight", "-f", "/etc/cutover/migration.yaml");
      assertThat(c.getEnv()).extracting(EnvVar::getName)
          .contains(CutoverConstants.ENV_SOURCE_DSN, CutoverConstants.ENV_TARGET_DSN)
          .doesNotContain(CutoverConstants.ENV_BACKFILL_RUN, CutoverConstants.ENV_PARTITIONS);
    });
  }

  @Test
  void aSequencesJobNamesTheSideItMovesTo() {
    Job toTarget = template.build(WorkerAttempt.sequences(migration, 1, SequenceSide.TARGET));
    Job toSource = template.build(WorkerAttempt.sequences(migration, 2, SequenceSide.SOURCE));

    assertThat(toTarget.getMetadata().getGenerateName()).isEqualTo("teaelephant-sequences-");
    assertThat(toTarget.getMetadata().getLabels()).containsEntry(CutoverConstants.LABEL_RUN, "sequences");
    assertThat(toTarget.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("sequences", "-f", "/etc/cutover/migration.yaml", "--to", "target");
    assertThat(toSource.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("sequences", "-f", "/etc/cutover/migration.yaml", "--to", "source");
    assertThatThrownBy(() -> new WorkerAttempt(migration, RunKind.SEQUENCES, 1, false))
        .hasMessageContaining("sequences runs");
  }

  @Test
  void aRefusalIsAFinishedPreflightThatDidNotPassWithItsProblemsNamed() {
    Job job = jobs.ensure(WorkerAttempt.preflight(migration, 1));
    controller.terminatedPod(job, 0, 2, REFUSAL);
    job = controller.fail(job, "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    JobOutcome outcome = jobs.outcome(job);
    PreflightStatus status = new PreflightStatus();
    status.startedAt = "2025-01-01T09:59:58Z";
    outcome.applyTo(status);

    assertThat(outcome.state()).isEqualTo(RunState.Succeeded);
    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.reason()).isEqualTo("PreflightRefused");
    assertThat(outcome.retryable()).isFalse();
    assertThat(status.passed).isFalse();
    assertThat(status.state).isEqualTo(RunState.Succeeded);
    assertThat(status.startedAt).as("the operator's clock, kept").isEqualTo("2025-01-01T09:59:58Z");
    assertThat(status.finishedAt).isEqualTo(FakeJobController.FINISHED);
    assertThat(status.problemCount).isEqualTo(2);
    assertThat(status.problems).extracting(p -> p.table + "." + p.column)
        .containsExactly("teas.price", "billing.invoices.id");
    assertThat(status.problems.get(0).message).contains("numeric(12,2)").contains("integer");
    assertThat(status.message).contains("teas.price").contains("and 9 more on stderr");
  }

  @Test
  void aPreflightThatCouldNotReachAStoreFailedAndMayBeRetried() {
    Job job = jobs.ensure(WorkerAttempt.preflight(migration, 1));
    controller.terminatedPod(job, 0, 3, """
        {"command":"preflight","ok":false,"exitCode":3,"error":"the target did not answer after 5 attempts"}""");
    job = controller.fail(job, "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    JobOutcome outcome = jobs.outcome(job);
    PreflightStatus status = new PreflightStatus();
    outcome.applyTo(status);

    assertThat(outcome.state()).isEqualTo(RunState.Failed);
    assertThat(outcome.reason()).isEqualTo("StoreFailed");
    assertThat(outcome.retryable()).isTrue();
    assertThat(status.message).startsWith("StoreFailed: ").contains("did not answer");
    assertThat(status.passed).isNull();
  }

  @Test
  void aPassedPreflightListsNoProblem() {
    Job job = jobs.ensure(WorkerAttempt.preflight(migration, 1));
    controller.terminatedPod(job, 0, 0, """
        {"command":"preflight","ok":true,"exitCode":0,"problems":[],"sequences":[]}""");
    job = controller.complete(job);

    PreflightStatus status = new PreflightStatus();
    jobs.outcome(job).applyTo(status);

    assertThat(status.state).isEqualTo(RunState.Succeeded);
    assertThat(status.passed).isTrue();
    assertThat(status.problems).isEmpty();
    assertThat(status.problemCount).isZero();
  }

  @Test
  void aSequencesResultRecordsWhenAndHowManySequencesMoved() {
    Job job = jobs.ensure(WorkerAttempt.sequences(migration, 3, SequenceSide.TARGET));
    controller.terminatedPod(job, 0, 0, MOVED);
    job = controller.complete(job);

    JobOutcome outcome = jobs.outcome(job);
    SequencesStatus status = new SequencesStatus();
    status.to = SequenceSide.TARGET;
    status.failureReason = "StoreFailed: an earlier try";
    outcome.applyTo(status);

    assertThat(outcome.kind()).isEqualTo(RunKind.SEQUENCES);
    assertThat(outcome.message()).contains("moved 2 sequences on the target");
    assertThat(status.state).isEqualTo(RunState.Succeeded);
    assertThat(status.sequences).isEqualTo(2);
    assertThat(status.syncedAt).isEqualTo(FakeJobController.FINISHED);
    assertThat(status.attempt).isEqualTo(3);
    assertThat(status.failureReason).isNull();
  }

  @Test
  void aSequencesRunMissingASequenceFailsNamingIt() {
    Job job = jobs.ensure(WorkerAttempt.sequences(migration, 1, SequenceSide.SOURCE));
    controller.terminatedPod(job, 0, 2, """
        {"command":"sequences","ok":false,"exitCode":2,"sequencesTo":"source",
         "error":"the source has no sequence feeding teas.id (target sequence public.teas_id_seq)"}""");
    job = controller.fail(job, "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    SequencesStatus status = new SequencesStatus();
    jobs.outcome(job).applyTo(status);

    assertThat(status.state).isEqualTo(RunState.Failed);
    assertThat(status.failureReason).startsWith("InvalidConfiguration: ").contains("teas.id");
    assertThat(status.syncedAt).isNull();
  }

  @Test
  void eachKindIsListedAdoptedAndPrunedOnItsOwn() {
    for (int attempt = 1; attempt <= 5; attempt++) {
      Job job = jobs.ensure(WorkerAttempt.sequences(migration, attempt, SequenceSide.TARGET));
      controller.complete(job);
    }
    Job preflight = jobs.ensure(WorkerAttempt.preflight(migration, 1));
    controller.complete(preflight);

    Job again = jobs.ensure(WorkerAttempt.sequences(migration, 5, SequenceSide.TARGET));
    List<String> pruned = jobs.prune(migration, RunKind.SEQUENCES, WorkerJobs.DEFAULT_HISTORY);

    assertThat(again.getMetadata().getName()).as("adopted by its attempt label")
        .isEqualTo(jobs.find(migration, RunKind.SEQUENCES, 5).orElseThrow().getMetadata().getName());
    assertThat(pruned).hasSize(2);
    assertThat(jobs.list(migration, RunKind.SEQUENCES)).hasSize(3);
    assertThat(jobs.list(migration, RunKind.PREFLIGHT)).hasSize(1);
    assertThat(jobs.nextAttempt(migration, RunKind.SEQUENCES)).isEqualTo(6);
  }
}
