package dev.cutover.flags;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.WorkloadReference;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Restarts the workloads that read the flags at start-up (spec.flags.restartWorkloads), once per
 * flags hash, the way {@code kubectl rollout restart} does: by stamping their pod template, which
 * makes the Deployment or StatefulSet controller replace every pod. Then reports their rollout.
 */
public final class WorkloadRollout {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final AppObjects objects;
  private final Clock clock;

  /** Reading the workloads from the API server (for tools and tests without informers). */
  public WorkloadRollout(KubernetesClient client) {
    this(client, Clock.systemUTC());
  }

  /** With the clock that dates {@code kubectl.kubernetes.io/restartedAt}. */
  public WorkloadRollout(KubernetesClient client, Clock clock) {
    this(client, AppObjects.apiServer(client), clock);
  }

  public WorkloadRollout(KubernetesClient client, AppObjects objects, Clock clock) {
    this.client = client;
    this.objects = objects;
    this.clock = clock;
  }

  /** {@link #restart(String, List, String)} for a Migration's restartWorkloads. */
  public List<WorkloadRestart> restart(Migration migration, String hash) {
    return restart(migration.getMetadata().getNamespace(), migration.getSpec().flags.restartWorkloads, hash);
  }

  /**
   * Stamps {@code hash} ({@code cutover.dev/flags-hash}) and the current time ({@code
   * kubectl.kubernetes.io/restartedAt}) on the pod template of each workload whose template does
   * not carry that hash yet. Calling it again with the same hash restarts nothing.
   *
   * @throws ConflictingEditsException when a workload kept changing between read and write
   */
  public List<WorkloadRestart> restart(String namespace, List<WorkloadReference> workloads, String hash) {
    if (hash == null || hash.isBlank()) {
      throw new IllegalArgumentException("no flags hash to stamp: apply the flags first");
    }
    List<WorkloadRestart> restarts = new ArrayList<>();
    for (WorkloadReference workload : references(workloads)) {
      restarts.add(ConflictRetry.run(workload.kind + " " + namespace + "/" + workload.name,
          attempt -> restartOne(namespace, workload, hash, attempt == 0)));
    }
    return restarts;
  }

  /** {@link #status(String, List, String)} for a Migration's restartWorkloads. */
  public RolloutReport status(Migration migration, String hash) {
    return status(migration.getMetadata().getNamespace(), migration.getSpec().flags.restartWorkloads, hash);
  }

  /**
   * Whether each workload has finished rolling out a pod template stamped with {@code hash}; see
   * {@link RolloutRules}. A workload not stamped with {@code hash} yet is still progressing.
   */
  public RolloutReport status(String namespace, List<WorkloadReference> workloads, String hash) {
    List<RolloutProgress> progress = new ArrayList<>();
    for (WorkloadReference workload : references(workloads)) {
      HasMetadata found = objects.read(kindOf(workload), namespace, workload.name).orElse(null);
      if (found == null) {
        progress.add(new RolloutProgress(workload.kind, workload.name, RolloutProgress.State.MISSING,
            missingMessage(namespace, workload)));
      } else if (found instanceof Deployment deployment) {
        progress.add(RolloutRules.deployment(deployment, hash));
      } else {
        progress.add(RolloutRules.statefulSet((StatefulSet) found, hash));
      }
    }
    return new RolloutReport(progress);
  }

  /** Why a workload is reported missing, and what to do: for Events and the Degraded condition. */
  public static String missingMessage(String namespace, WorkloadReference workload) {
    return workload.kind + " " + namespace + "/" + workload.name + " named in spec.flags.restartWorkloads "
        + "does not exist: create it or remove it from the list";
  }

  private WorkloadRestart restartOne(String namespace, WorkloadReference workload, String hash, boolean fromCache) {
    Resource<? extends HasMetadata> resource = resource(namespace, workload);
    HasMetadata found = (fromCache ? objects.read(kindOf(workload), namespace, workload.name)
        : objects.readNow(kindOf(workload), namespace, workload.name)).orElse(null);
    if (found == null) {
      return new WorkloadRestart(workload.kind, workload.name, WorkloadRestart.Outcome.MISSING);
    }
    PodTemplateSpec template = found instanceof Deployment d ? d.getSpec().getTemplate()
        : ((StatefulSet) found).getSpec().getTemplate();
    Map<String, String> annotations = template == null || template.getMetadata() == null
        ? null : template.getMetadata().getAnnotations();
    if (annotations != null && hash.equals(annotations.get(CutoverConstants.ANNOTATION_FLAGS_HASH))) {
      return new WorkloadRestart(workload.kind, workload.name, WorkloadRestart.Outcome.ALREADY_STAMPED);
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").put("resourceVersion", found.getMetadata().getResourceVersion());
    patch.putObject("spec").putObject("template").putObject("metadata").putObject("annotations")
        .put(CutoverConstants.ANNOTATION_FLAGS_HASH, hash)
        .put(CutoverConstants.ANNOTATION_RESTARTED_AT, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    objects.wrote(found, resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString()));
    return new WorkloadRestart(workload.kind, workload.name, WorkloadRestart.Outcome.RESTARTED);
  }

  private static Class<? extends HasMetadata> kindOf(WorkloadReference workload) {
    return switch (workload.kind) {
      case Deployment -> Deployment.class;
      case StatefulSet -> StatefulSet.class;
    };
  }

  private Resource<? extends HasMetadata> resource(String namespace, WorkloadReference workload) {
    return switch (workload.kind) {
      case Deployment -> client.apps().deployments().inNamespace(namespace).withName(workload.name);
      case StatefulSet -> client.apps().statefulSets().inNamespace(namespace).withName(workload.name);
    };
  }

  private static List<WorkloadReference> references(List<WorkloadReference> workloads) {
    List<WorkloadReference> checked = workloads == null ? List.of() : workloads;
    for (WorkloadReference workload : checked) {
      if (workload == null || workload.kind == null || workload.name == null || workload.name.isBlank()) {
        throw new InvalidFlagsException("a spec.flags.restartWorkloads entry lacks its kind or name: "
            + "give each one kind (Deployment or StatefulSet) and name");
      }
    }
    return checked;
  }
}
