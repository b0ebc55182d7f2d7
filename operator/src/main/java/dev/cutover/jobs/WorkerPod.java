package dev.cutover.jobs;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Endpoint;
import dev.cutover.api.MigrationSpec;
import dev.cutover.api.StoreKind;
import dev.cutover.worker.MigrationManifest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod template of a worker Job, by the worker-pod contract: the operator image running {@code
 * backfill}/{@code verify -f /etc/cutover/migration.yaml}, the manifest projected from a pod
 * annotation, DSNs from Secrets, the FoundationDB cluster file from its ConfigMap, a restricted
 * security context and no service-account token.
 *
 * <p>A custom {@code spec.backfill.template} keeps its own containers, images, commands and
 * security settings; Cutover adds to it only what a worker may rely on: its labels (ours win), the
 * manifest annotation, the manifest and cluster-file volumes and mounts (unless a volume of that
 * name or a mount at that path exists already), the connection env vars (unless the container sets
 * a variable of that name itself), restartPolicy Never (retries are new Jobs) and, unless the
 * template decides, no service-account token.
 */
final class WorkerPod {
  static final int RUN_AS_USER = 10001;
  static final String MANIFEST_VOLUME = "cutover-migration";
  static final String FDB_VOLUME = "cutover-fdb";
  static final String TMP_VOLUME = "cutover-tmp";
  static final String FDB_MOUNT_PATH = CutoverConstants.FDB_CLUSTER_FILE_PATH.substring(
      0, CutoverConstants.FDB_CLUSTER_FILE_PATH.lastIndexOf('/'));
  static final String FDB_FILE_NAME = CutoverConstants.FDB_CLUSTER_FILE_PATH.substring(
      CutoverConstants.FDB_CLUSTER_FILE_PATH.lastIndexOf('/') + 1);
  static final String MANIFEST_PATH = CutoverConstants.SPEC_MOUNT_PATH + "/" + CutoverConstants.SPEC_FILE;

  private WorkerPod() {}

  /** Resource requests and limits of the default worker container. */
  static ResourceRequirements defaultResources() {
    ResourceRequirements resources = new ResourceRequirements();
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity("500m"));
    requests.put("memory", new Quantity("512Mi"));
    resources.setRequests(requests);
    // No CPU limit: throttling a copy only makes it slower; memory is bounded so a leak is killed.
    resources.setLimits(new LinkedHashMap<>(Map.of("memory", new Quantity("1Gi"))));
    return resources;
  }

  /** The default worker pod. */
  static PodTemplateSpec defaultPod(WorkerAttempt run, String image, ResourceRequirements resources, int partitions) {
    Container worker = new ContainerBuilder()
        .withName(CutoverConstants.WORKER_CONTAINER)
        .withImage(image)
        .withArgs(args(run))
        .withEnv(env(run, partitions))
        .withVolumeMounts(mounts(run.migration().getSpec(), true))
        .withResources(Serialization.clone(resources))
        .withTerminationMessagePath(CutoverConstants.DEFAULT_RESULT_FILE)
        // A worker that dies before writing its result still leaves its last log lines for kubectl.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withSecurityContext(new SecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
            .build())
        .build();
    return new PodTemplateSpecBuilder()
        .withMetadata(podMetadata(run, new ObjectMeta()))
        .withNewSpec()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(new PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withRunAsUser((long) RUN_AS_USER)
            .withRunAsGroup((long) RUN_AS_USER)
            .withFsGroup((long) RUN_AS_USER)
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
            .build())
        .withContainers(worker)
        .withVolumes(volumes(run.migration().getSpec(), true))
        .endSpec()
        .build();
  }

  /** spec.backfill.template with what the worker contract adds (see the class comment). */
  static PodTemplateSpec customPod(WorkerAttempt run, PodTemplateSpec custom, int partitions) {
    PodTemplateSpec pod = Serialization.clone(custom);
    String where = "spec.backfill.template of Migration " + run.namespace() + "/" + run.name();
    PodSpec spec = pod.getSpec();
    if (spec == null || spec.getContainers() == null || spec.getContainers().isEmpty()) {
      throw new IllegalArgumentException(where + " has no containers: give it at least one container, or remove it to run the default worker");
    }
    pod.setMetadata(podMetadata(run, pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata()));
    spec.setRestartPolicy("Never");
    if (spec.getAutomountServiceAccountToken() == null) {
      spec.setAutomountServiceAccountToken(false);
    }
    List<Volume> volumes = new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
    for (Volume ours : volumes(run.migration().getSpec(), false)) {
      if (volumes.stream().noneMatch(v -> ours.getName().equals(v.getName()))) {
        volumes.add(ours);
      }
    }
    spec.setVolumes(volumes);
    List<EnvVar> ourEnv = env(run, partitions);
    List<VolumeMount> ourMounts = mounts(run.migration().getSpec(), false);
    for (Container container : spec.getContainers()) {
      addMissing(container, ourEnv, ourMounts);
    }
    return pod;
  }

  private static void addMissing(Container container, List<EnvVar> ourEnv, List<VolumeMount> ourMounts) {
    List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
    for (EnvVar var : ourEnv) {
      if (env.stream().noneMatch(e -> var.getName().equals(e.getName()))) {
        env.add(var);
      }
    }
    container.setEnv(env);
    List<VolumeMount> mounts = new ArrayList<>(container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts());
    for (VolumeMount mount : ourMounts) {
      if (mounts.stream().noneMatch(m -> mount.getMountPath().equals(m.getMountPath()))) {
        mounts.add(mount);
      }
    }
    container.setVolumeMounts(mounts);
  }

  private static ObjectMeta podMetadata(WorkerAttempt run, ObjectMeta meta) {
    Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
    labels.putAll(JobLabels.of(run));
    meta.setLabels(labels);
    Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
    annotations.put(CutoverConstants.ANNOTATION_MIGRATION_SPEC, MigrationManifest.yaml(run.migration()));
    meta.setAnnotations(annotations);
    return meta;
  }

  static List<String> args(WorkerAttempt run) {
    List<String> args = new ArrayList<>(List.of(run.kind().value(), "-f", MANIFEST_PATH));
    if (run.kind() == RunKind.SEQUENCES) {
      args.addAll(List.of("--to", run.sequencesTo().value()));
    }
    if (run.repair()) {
      args.add("--repair");
      if (run.targetIsPrimary()) {
        args.addAll(List.of("--primary", "target"));
      }
    }
    return args;
  }

  /** The connection env: DSNs by reference to their Secrets (never a value), the cluster-file path, the partition count, the backfill run. */
  static List<EnvVar> env(WorkerAttempt run, int partitions) {
    MigrationSpec spec = run.migration().getSpec();
    List<EnvVar> env = new ArrayList<>();
    dsn(run, "source", spec.source, CutoverConstants.ENV_SOURCE_DSN, env);
    dsn(run, "target", spec.target, CutoverConstants.ENV_TARGET_DSN, env);
    if (isFoundationDb(spec.source)) {
      env.add(new EnvVar(CutoverConstants.ENV_FDB_CLUSTER_FILE, CutoverConstants.FDB_CLUSTER_FILE_PATH, null));
    }
    if (partitions > 1) {
      env.add(new EnvVar(CutoverConstants.ENV_PARTITIONS, Integer.toString(partitions), null));
    }
    if (run.kind() == RunKind.BACKFILL) {
      env.add(new EnvVar(CutoverConstants.ENV_BACKFILL_RUN, Integer.toString(run.backfillRun()), null));
    }
    return env;
  }

  private static void dsn(WorkerAttempt run, String side, Endpoint endpoint, String envName, List<EnvVar> env) {
    if (endpoint == null || endpoint.kind != StoreKind.POSTGRES) {
      return;
    }
    var ref = endpoint.postgres == null || endpoint.postgres.dsn == null ? null : endpoint.postgres.dsn.secretKeyRef;
    if (ref == null || isBlank(ref.getName()) || isBlank(ref.getKey())) {
      throw new IllegalArgumentException("Migration " + run.namespace() + "/" + run.name() + ": spec." + side
          + ".postgres.dsn.secretKeyRef needs a Secret name and key");
    }
    env.add(new EnvVarBuilder().withName(envName)
        .withNewValueFrom().withNewSecretKeyRef().withName(ref.getName()).withKey(ref.getKey()).endSecretKeyRef().endValueFrom()
        .build());
  }

  private static List<Volume> volumes(MigrationSpec spec, boolean withTmp) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName(MANIFEST_VOLUME)
        .withNewDownwardAPI()
        .addNewItem().withPath(CutoverConstants.SPEC_FILE)
        .withNewFieldRef().withFieldPath("metadata.annotations['" + CutoverConstants.ANNOTATION_MIGRATION_SPEC + "']").endFieldRef()
        .endItem()
        .endDownwardAPI()
        .build());
    if (isFoundationDb(spec.source)) {
      var ref = spec.source.foundationdb == null || spec.source.foundationdb.clusterFile == null
          ? null : spec.source.foundationdb.clusterFile.configMapKeyRef;
      if (ref == null || isBlank(ref.getName()) || isBlank(ref.getKey())) {
        throw new IllegalArgumentException("spec.source.foundationdb.clusterFile.configMapKeyRef needs a ConfigMap name and key");
      }
      volumes.add(new VolumeBuilder().withName(FDB_VOLUME)
          .withNewConfigMap().withName(ref.getName())
          .addNewItem().withKey(ref.getKey()).withPath(FDB_FILE_NAME).endItem()
          .endConfigMap()
          .build());
    }
    if (withTmp) {
      // The root filesystem is read-only; the JVM and fdb-java's native library need a /tmp.
      volumes.add(new VolumeBuilder().withName(TMP_VOLUME)
          .withNewEmptyDir().withSizeLimit(new Quantity("256Mi")).endEmptyDir()
          .build());
    }
    return volumes;
  }

  private static List<VolumeMount> mounts(MigrationSpec spec, boolean withTmp) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(new VolumeMountBuilder().withName(MANIFEST_VOLUME).withMountPath(CutoverConstants.SPEC_MOUNT_PATH).withReadOnly(true).build());
    if (isFoundationDb(spec.source)) {
      mounts.add(new VolumeMountBuilder().withName(FDB_VOLUME).withMountPath(FDB_MOUNT_PATH).withReadOnly(true).build());
    }
    if (withTmp) {
      mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
    }
    return mounts;
  }

  private static boolean isFoundationDb(Endpoint endpoint) {
    return endpoint != null && endpoint.kind == StoreKind.FOUNDATIONDB;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
