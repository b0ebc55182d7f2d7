package dev.cutover.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobTemplateTest {
  static final String IMAGE = "ghcr.io/cutover/cutover:1.2.3";
  final JobTemplate template = new JobTemplate(IMAGE);
  final Migration migration = TestMigrations.postgres("shop", "teaelephant");

  @Test
  void backfillJobHasGenerateNameLabelsAndControllingOwner() {
    Job job = template.build(WorkerAttempt.backfill(migration, 2));

    assertThat(job.getMetadata().getName()).isNull();
    assertThat(job.getMetadata().getGenerateName()).isEqualTo("teaelephant-backfill-");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("shop");
    Map<String, String> expected = Map.of(
        CutoverConstants.LABEL_MIGRATION, "teaelephant",
        CutoverConstants.LABEL_MIGRATION_UID, migration.getMetadata().getUid(),
        CutoverConstants.LABEL_RUN, "backfill",
        CutoverConstants.LABEL_ATTEMPT, "2",
        CutoverConstants.LABEL_MANAGED_BY, "cutover");
    assertThat(job.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(expected);
    var owner = job.getMetadata().getOwnerReferences();
    assertThat(owner).singleElement().satisfies(o -> {
      assertThat(o.getApiVersion()).isEqualTo("cutover.dev/v1alpha1");
      assertThat(o.getKind()).isEqualTo("Migration");
      assertThat(o.getName()).isEqualTo("teaelephant");
      assertThat(o.getUid()).isEqualTo(migration.getMetadata().getUid());
      assertThat(o.getController()).isTrue();
      assertThat(o.getBlockOwnerDeletion()).isTrue();
    });
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isNull();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isNull();
    assertThat(job.getSpec().getCompletions()).isEqualTo(1);
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("NonIndexed");
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void workerRunsTheOperatorImageWithTheContractArguments() {
    Container backfill = worker(template.build(WorkerAttempt.backfill(migration, 1)));
    assertThat(backfill.getName()).isEqualTo("worker");
    assertThat(backfill.getImage()).isEqualTo(IMAGE);
    assertThat(backfill.getCommand()).isNullOrEmpty();
    assertThat(backfill.getArgs()).containsExactly("backfill", "-f", "/etc/cutover/migration.yaml");

    Job verify = template.build(WorkerAttempt.verify(migration, 1));
    assertThat(verify.getMetadata().getGenerateName()).isEqualTo("teaelephant-verify-");
    assertThat(worker(verify).getArgs()).containsExactly("verify", "-f", "/etc/cutover/migration.yaml");

    migration.getSpec().verification.repair = true;
    assertThat(worker(template.build(WorkerAttempt.verify(migration, 1))).getArgs())
        .containsExactly("verify", "-f", "/etc/cutover/migration.yaml", "--repair");
    assertThat(worker(template.build(new WorkerAttempt(migration, RunKind.VERIFY, 1, false))).getArgs())
        .doesNotContain("--repair");
    assertThat(worker(template.build(new WorkerAttempt(migration, RunKind.VERIFY, 1, true, true))).getArgs())
        .as("in reverse-shadow the target is primary: repair rewrites the source from it")
        .containsExactly("verify", "-f", "/etc/cutover/migration.yaml", "--repair", "--primary", "target");
  }

  @Test
  void manifestAnnotationIsTheSpecWithoutStatusOrManagedFields() throws Exception {
    Job job = template.build(WorkerAttempt.backfill(migration, 1));
    String yaml = job.getSpec().getTemplate().getMetadata().getAnnotations().get(CutoverConstants.ANNOTATION_MIGRATION_SPEC);

    JsonNode manifest = new YAMLMapper().readTree(yaml);
    assertThat(manifest.get("apiVersion").asText()).isEqualTo("cutover.dev/v1alpha1");
    assertThat(manifest.get("kind").asText()).isEqualTo("Migration");
    assertThat(manifest.get("metadata").properties()).extracting(Map.Entry::getKey).containsExactly("name", "namespace");
    assertThat(manifest.has("status")).isFalse();
    assertThat(yaml).doesNotContain("managedFields").doesNotContain("last-applied").doesNotContain("resourceVersion");

    Migration parsed = Serialization.unmarshal(yaml, Migration.class);
    assertThat(parsed.getMetadata().getName()).isEqualTo("teaelephant");
    assertThat(parsed.getMetadata().getNamespace()).isEqualTo("shop");
    ObjectMapper json = new ObjectMapper();
    JsonNode parsedSpec = json.valueToTree(parsed.getSpec());
    JsonNode originalSpec = json.valueToTree(migration.getSpec());
    assertThat(parsedSpec).isEqualTo(originalSpec);
    // Values that look like numbers or booleans stay strings.
    assertThat(manifest.at("/spec/readRamp/cohorts/0/values/0").isTextual()).isTrue();
    assertThat(manifest.at("/spec/readRamp/cohorts/0/values/1").isTextual()).isTrue();
    assertThat(manifest.at("/spec/tables/1/name").asText()).isEqualTo("Tea Leaves");
  }

  @Test
  void manifestIsProjectedByDownwardApiAtTheContractPath() {
    Job job = template.build(WorkerAttempt.backfill(migration, 1));
    Volume volume = volume(job, WorkerPod.MANIFEST_VOLUME);
    var item = volume.getDownwardAPI().getItems().get(0);
    assertThat(item.getPath()).isEqualTo("migration.yaml");
    assertThat(item.getFieldRef().getFieldPath()).isEqualTo("metadata.annotations['cutover.dev/migration']");
    assertThat(worker(job).getVolumeMounts())
        .anySatisfy(m -> {
          assertThat(m.getName()).isEqualTo(WorkerPod.MANIFEST_VOLUME);
          assertThat(m.getMountPath()).isEqualTo("/etc/cutover");
          assertThat(m.getReadOnly()).isTrue();
        });
  }

  @Test
  void dsnsComeFromSecretsByReferenceNeverAsValues() {
    Job job = template.build(WorkerAttempt.backfill(migration, 1));
    List<EnvVar> env = worker(job).getEnv();
    EnvVar source = env(job, "CUTOVER_SOURCE_DSN").orElseThrow();
    assertThat(source.getValue()).isNull();
    assertThat(source.getValueFrom().getSecretKeyRef().getName()).isEqualTo("old-db");
    assertThat(source.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("dsn");
    EnvVar target = env(job, "CUTOVER_TARGET_DSN").orElseThrow();
    assertThat(target.getValue()).isNull();
    assertThat(target.getValueFrom().getSecretKeyRef().getName()).isEqualTo("new-db");
    assertThat(target.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("url");
    assertThat(env).extracting(EnvVar::getName)
        .doesNotContain("CUTOVER_FDB_CLUSTER_FILE", "CUTOVER_PARTITIONS");
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getName)
        .doesNotContain(WorkerPod.FDB_VOLUME);
  }

  @Test
  void foundationDbSourceMountsTheClusterFileFromItsConfigMap() {
    Migration fdb = TestMigrations.foundationDb("shop", "teaelephant");
    Job job = template.build(WorkerAttempt.backfill(fdb, 1));

    Volume volume = volume(job, WorkerPod.FDB_VOLUME);
    assertThat(volume.getConfigMap().getName()).isEqualTo("fdb-cluster");
    assertThat(volume.getConfigMap().getItems()).singleElement().satisfies(i -> {
      assertThat(i.getKey()).isEqualTo("cluster");
      assertThat(i.getPath()).isEqualTo("fdb.cluster");
    });
    assertThat(worker(job).getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getName()).isEqualTo(WorkerPod.FDB_VOLUME);
      assertThat(m.getMountPath() + "/fdb.cluster").isEqualTo(CutoverConstants.FDB_CLUSTER_FILE_PATH);
    });
    assertThat(env(job, "CUTOVER_FDB_CLUSTER_FILE")).get().extracting(EnvVar::getValue)
        .isEqualTo("/etc/cutover/fdb/fdb.cluster");
    assertThat(env(job, "CUTOVER_SOURCE_DSN")).isEmpty();
    assertThat(env(job, "CUTOVER_TARGET_DSN")).isPresent();
  }

  @Test
  void podIsRestrictedWithoutServiceAccountToken() {
    Job job = template.build(WorkerAttempt.verify(migration, 1));
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container worker = worker(job);
    var security = worker.getSecurityContext();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getPrivileged()).isNull();
    assertThat(volume(job, WorkerPod.TMP_VOLUME).getEmptyDir()).isNotNull();
    assertThat(worker.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(worker.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(worker.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(worker.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(worker.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void parallelBackfillIsAnIndexedJobWithOnePartitionPerIndex() {
    migration.getSpec().backfill.parallelism = 4;
    Job backfill = template.build(WorkerAttempt.backfill(migration, 1));
    assertThat(backfill.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(backfill.getSpec().getCompletions()).isEqualTo(4);
    assertThat(backfill.getSpec().getParallelism()).isEqualTo(4);
    assertThat(env(backfill, "CUTOVER_PARTITIONS")).get().extracting(EnvVar::getValue).isEqualTo("4");

    Job verify = template.build(WorkerAttempt.verify(migration, 1));
    assertThat(verify.getSpec().getCompletionMode()).isEqualTo("NonIndexed");
    assertThat(verify.getSpec().getCompletions()).isEqualTo(1);
    assertThat(env(verify, "CUTOVER_PARTITIONS")).isEmpty();
  }

  @Test
  void aBackfillJobNamesTheRunItsCheckpointsBelongTo() {
    Job retry = template.build(WorkerAttempt.backfill(migration, 5, 4));
    assertThat(env(retry, "CUTOVER_BACKFILL_RUN")).get().extracting(EnvVar::getValue).isEqualTo("4");
    assertThat(env(template.build(WorkerAttempt.verify(migration, 6)), "CUTOVER_BACKFILL_RUN")).isEmpty();
    assertThatThrownBy(() -> WorkerAttempt.backfill(migration, 2, 3)).hasMessageContaining("backfillRun");
  }

  @Test
  void deadlineAndResourcesAreConfigurable() {
    var resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("2Gi")).build();
    Job job = template.withActiveDeadlineSeconds(3600L).withResources(resources).build(WorkerAttempt.backfill(migration, 1));
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
    assertThat(worker(job).getResources().getRequests().get("memory").toString()).isEqualTo("2Gi");
    assertThatThrownBy(() -> template.withActiveDeadlineSeconds(0L)).hasMessageContaining("activeDeadlineSeconds");
  }

  @Test
  void longMigrationNamesAreCutToKubernetesLimitsWithoutColliding() {
    String longName = "a".repeat(70) + ".tea-" + "b".repeat(100);
    String otherLongName = "a".repeat(70) + ".tea-" + "c".repeat(100);
    Job job = template.build(WorkerAttempt.backfill(TestMigrations.postgres("shop", longName), 1));
    Job other = template.build(WorkerAttempt.backfill(TestMigrations.postgres("shop", otherLongName), 1));

    String generateName = job.getMetadata().getGenerateName();
    assertThat(generateName).hasSizeLessThanOrEqualTo(58).endsWith("-backfill-").doesNotContain(".");
    assertThat(generateName + "x1y2z").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    String label = job.getMetadata().getLabels().get(CutoverConstants.LABEL_MIGRATION);
    assertThat(label).hasSizeLessThanOrEqualTo(63).matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    assertThat(other.getMetadata().getLabels().get(CutoverConstants.LABEL_MIGRATION)).isNotEqualTo(label);
    assertThat(other.getMetadata().getGenerateName()).isNotEqualTo(generateName);
    // The owner reference and the manifest keep the full name.
    assertThat(job.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo(longName);
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations().get(CutoverConstants.ANNOTATION_MIGRATION_SPEC))
        .contains(longName);
    // A name that fits is kept as it is.
    assertThat(JobLabels.labelValue("a".repeat(63))).isEqualTo("a".repeat(63));
  }

  @Test
  void customBackfillTemplateKeepsItsContainersAndGetsOurLabelsManifestAndEnv() {
    migration.getSpec().backfill.parallelism = 2;
    migration.getSpec().backfill.template = new PodTemplateSpecBuilder()
        .withNewMetadata().addToLabels("team", "tea").addToLabels(CutoverConstants.LABEL_RUN, "spoofed").endMetadata()
        .withNewSpec()
        .withRestartPolicy("OnFailure")
        .addNewContainer().withName("copier").withImage("registry.example/copier:7").withCommand("/copy")
        .addNewEnv().withName("CUTOVER_TARGET_DSN").withValue("from-the-template").endEnv()
        .endContainer()
        .endSpec()
        .build();

    Job job = template.build(WorkerAttempt.backfill(migration, 1));
    PodTemplateSpec pod = job.getSpec().getTemplate();
    assertThat(job.getMetadata().getAnnotations()).containsEntry(JobLabels.ANNOTATION_TEMPLATE, JobLabels.TEMPLATE_CUSTOM);
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(pod.getMetadata().getLabels()).containsEntry("team", "tea").containsEntry(CutoverConstants.LABEL_RUN, "backfill");
    assertThat(pod.getMetadata().getAnnotations()).containsKey(CutoverConstants.ANNOTATION_MIGRATION_SPEC);
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    Container copier = pod.getSpec().getContainers().get(0);
    assertThat(pod.getSpec().getContainers()).hasSize(1);
    assertThat(copier.getImage()).isEqualTo("registry.example/copier:7");
    assertThat(copier.getCommand()).containsExactly("/copy");
    assertThat(copier.getEnv()).filteredOn(e -> e.getName().equals("CUTOVER_TARGET_DSN"))
        .singleElement().extracting(EnvVar::getValue).isEqualTo("from-the-template");
    assertThat(copier.getEnv()).extracting(EnvVar::getName).contains("CUTOVER_SOURCE_DSN", "CUTOVER_PARTITIONS");
    assertThat(copier.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/cutover"));
    // The Migration's own template object is left untouched.
    assertThat(migration.getSpec().backfill.template.getSpec().getContainers().get(0).getEnv()).hasSize(1);

    Job verify = template.build(WorkerAttempt.verify(migration, 1));
    assertThat(worker(verify).getImage()).isEqualTo(IMAGE);
    assertThat(verify.getMetadata().getAnnotations()).containsEntry(JobLabels.ANNOTATION_TEMPLATE, JobLabels.TEMPLATE_DEFAULT);
  }

  @Test
  void emptyCustomTemplateMeansTheDefaultWorker() {
    migration.getSpec().backfill.template = new PodTemplateSpec();
    Job job = template.build(WorkerAttempt.backfill(migration, 1));
    assertThat(worker(job).getImage()).isEqualTo(IMAGE);
  }

  @Test
  void badInputIsRefusedWithMessagesNamingTheFault() {
    Migration noUid = TestMigrations.postgres("shop", "teaelephant");
    noUid.getMetadata().setUid(null);
    assertThatThrownBy(() -> WorkerAttempt.backfill(noUid, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shop/teaelephant").hasMessageContaining("uid");
    Migration noNamespace = TestMigrations.postgres(null, "teaelephant");
    assertThatThrownBy(() -> WorkerAttempt.verify(noNamespace, 1)).hasMessageContaining("namespace");
    assertThatThrownBy(() -> WorkerAttempt.backfill(migration, 0)).hasMessageContaining("attempt");
    assertThatThrownBy(() -> new WorkerAttempt(migration, RunKind.BACKFILL, 1, true)).hasMessageContaining("repair");
    assertThatThrownBy(() -> new JobTemplate(" ")).hasMessageContaining("operator image");

    migration.getSpec().target.postgres.dsn.secretKeyRef.setName(null);
    assertThatThrownBy(() -> template.build(WorkerAttempt.backfill(migration, 1)))
        .hasMessageContaining("spec.target.postgres.dsn.secretKeyRef");

    Migration custom = TestMigrations.postgres("shop", "teaelephant");
    custom.getSpec().backfill.template = new PodTemplateSpecBuilder().withNewSpec().endSpec().build();
    assertThatThrownBy(() -> template.build(WorkerAttempt.backfill(custom, 1)))
        .hasMessageContaining("spec.backfill.template").hasMessageContaining("no containers");
  }

  static Container worker(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(CutoverConstants.WORKER_CONTAINER)).findFirst().orElseThrow();
  }

  static Optional<EnvVar> env(Job job, String name) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals(name)).findFirst();
  }

  static Volume volume(Job job, String name) {
    return job.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }
}
