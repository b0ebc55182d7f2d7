package dev.cutover.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class WorkerJobsTest {
  private static int namespaces;
  /** One mock server for the class; each test works in a namespace of its own. */
  static KubernetesClient client;
  String ns;
  WorkerJobs jobs;
  FakeJobController controller;
  Migration migration;

  @BeforeEach
  void setUp() {
    ns = "shop-" + (++namespaces);
    jobs = new WorkerJobs(client, new JobTemplate("ghcr.io/cutover/cutover:1.2.3"));
    controller = new FakeJobController(client);
    migration = TestMigrations.postgres(ns, "teaelephant");
  }

  @Test
  void ensureCreatesTheJobWithAGeneratedName() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));

    assertThat(job.getMetadata().getName()).startsWith("teaelephant-backfill-");
    assertThat(job.getMetadata().getUid()).isNotBlank();
    Job stored = client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).get();
    assertThat(stored.getMetadata().getLabels())
        .containsEntry(CutoverConstants.LABEL_MIGRATION_UID, migration.getMetadata().getUid())
        .containsEntry(CutoverConstants.LABEL_ATTEMPT, "1");
    assertThat(stored.getMetadata().getOwnerReferences().get(0).getController()).isTrue();
  }

  @Test
  void ensureAgainForTheSameAttemptAdoptsTheExistingJob() {
    Job first = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    // The operator restarts between create and status update: a fresh instance, same cluster.
    WorkerJobs restarted = new WorkerJobs(client, new JobTemplate("ghcr.io/cutover/cutover:1.2.4"));
    Job again = restarted.ensure(WorkerAttempt.backfill(migration, 1));
    Job thirdTime = jobs.ensure(WorkerAttempt.backfill(migration, 1));

    assertThat(again.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
    assertThat(thirdTime.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).hasSize(1);
  }

  @Test
  void ensureAdoptsAFinishedJobOfTheSameAttemptRatherThanRunningItAgain() {
    Job first = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    controller.fail(first, "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    Job again = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    assertThat(again.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
    assertThat(JobOutcome.isFinished(again)).isTrue();
  }

  @Test
  void ensureNeverAddsAJobWhenTwoAlreadyCarryTheAttemptAndPicksTheOldest() {
    JobTemplate template = new JobTemplate("ghcr.io/cutover/cutover:1.2.3");
    Job older = client.resource(template.build(WorkerAttempt.backfill(migration, 1))).create();
    client.resource(template.build(WorkerAttempt.backfill(migration, 1))).create();

    Job adopted = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    assertThat(adopted.getMetadata().getName()).isEqualTo(
        jobs.list(migration, RunKind.BACKFILL).get(0).getMetadata().getName());
    assertThat(jobs.list(migration, RunKind.BACKFILL)).hasSize(2);
    assertThat(older.getMetadata().getName()).startsWith("teaelephant-backfill-");
  }

  @Test
  void aNewAttemptCreatesANewJob() {
    Job first = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    assertThat(jobs.nextAttempt(migration, RunKind.BACKFILL)).isEqualTo(2);
    Job second = jobs.ensure(WorkerAttempt.backfill(migration, 2));

    assertThat(second.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName()).startsWith("teaelephant-backfill-");
    assertThat(jobs.list(migration, RunKind.BACKFILL)).extracting(j -> j.getMetadata().getName())
        .containsExactly(first.getMetadata().getName(), second.getMetadata().getName());
    assertThat(jobs.latest(migration, RunKind.BACKFILL)).get()
        .extracting(j -> j.getMetadata().getUid()).isEqualTo(second.getMetadata().getUid());
    assertThat(jobs.find(migration, RunKind.BACKFILL, 1)).get()
        .extracting(j -> j.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
    assertThat(jobs.find(migration, RunKind.BACKFILL, 3)).isEmpty();
  }

  @Test
  void listKeepsRunKindsAndMigrationsApart() {
    Migration other = TestMigrations.postgres(ns, "teaelephant");  // same name, recreated: another uid
    jobs.ensure(WorkerAttempt.backfill(migration, 1));
    jobs.ensure(WorkerAttempt.verify(migration, 1));
    jobs.ensure(WorkerAttempt.backfill(other, 1));

    assertThat(jobs.list(migration, RunKind.BACKFILL)).hasSize(1);
    assertThat(jobs.list(migration, RunKind.VERIFY)).singleElement()
        .extracting(j -> j.getMetadata().getGenerateName()).isEqualTo("teaelephant-verify-");
    assertThat(jobs.list(other, RunKind.BACKFILL)).singleElement()
        .extracting(j -> j.getMetadata().getLabels().get(CutoverConstants.LABEL_MIGRATION_UID))
        .isEqualTo(other.getMetadata().getUid());
    assertThat(jobs.nextAttempt(other, RunKind.VERIFY)).isEqualTo(1);
  }

  @Test
  void pruneKeepsTheNewestFinishedJobsAndEveryRunningOne() {
    List<Job> created = new java.util.ArrayList<>();
    for (int attempt = 1; attempt <= 6; attempt++) {
      created.add(jobs.ensure(WorkerAttempt.verify(migration, attempt)));
    }
    // Attempts 1..5 finished; 2 is oddly still running (a slow pod); 6, the newest, is running.
    for (int i : new int[] {0, 2, 3, 4}) {
      controller.complete(created.get(i));
    }
    controller.fail(created.get(1), "DeadlineExceeded", "Job was active longer than specified deadline");
    controller.status(created.get(1), 1, 0, 0, null, null, null);
    jobs.ensure(WorkerAttempt.backfill(migration, 1));

    List<String> deleted = jobs.prune(migration, RunKind.VERIFY, 3);

    assertThat(deleted).containsExactly(created.get(0).getMetadata().getName());
    assertThat(jobs.list(migration, RunKind.VERIFY)).extracting(j -> JobLabels.attemptOf(j).getAsInt())
        .containsExactly(2, 3, 4, 5, 6);
    assertThat(jobs.list(migration, RunKind.BACKFILL)).hasSize(1);
    assertThat(jobs.prune(migration, RunKind.VERIFY, 3)).isEmpty();
  }

  @Test
  void pruneNeverDeletesTheNewestJobEvenWithNoHistory() {
    Job first = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    Job second = jobs.ensure(WorkerAttempt.backfill(migration, 2));
    controller.fail(first, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    controller.complete(second);

    assertThat(jobs.prune(migration, RunKind.BACKFILL, 0)).containsExactly(first.getMetadata().getName());
    assertThat(jobs.list(migration, RunKind.BACKFILL)).singleElement()
        .extracting(j -> j.getMetadata().getName()).isEqualTo(second.getMetadata().getName());
    assertThat(jobs.nextAttempt(migration, RunKind.BACKFILL)).isEqualTo(3);
  }

  @Test
  void aMigrationWithoutUidIsRefusedBeforeAnyApiCall() {
    Migration noUid = TestMigrations.postgres(ns, "teaelephant");
    noUid.getMetadata().setUid(null);
    assertThatThrownBy(() -> jobs.list(noUid, RunKind.BACKFILL))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ns + "/teaelephant").hasMessageContaining("uid");
    assertThatThrownBy(() -> jobs.prune(migration, RunKind.BACKFILL, -1)).hasMessageContaining("keepFinished");
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
  }
}
