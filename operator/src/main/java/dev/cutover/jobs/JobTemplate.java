package dev.cutover.jobs;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.MigrationSpec;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the {@code batch/v1} Job of one worker run; pure, no API calls.
 *
 * <p>The Job has a generateName ({@code <migration>-backfill-}, {@code <migration>-verify-}), the
 * run's labels on itself and its pods, and the Migration as its controlling owner, so deleting the
 * Migration deletes its Jobs. backoffLimit is 0: a retry is a new Job with the next attempt
 * number, built by the operator, because a Job's pod template cannot change. There is no
 * ttlSecondsAfterFinished: the operator reads a finished Job's results before it prunes it.
 *
 * <p>A backfill with {@code spec.backfill.parallelism} N > 1 is an Indexed Job with N completions
 * and N pods at once; each pod copies partition JOB_COMPLETION_INDEX of CUTOVER_PARTITIONS=N. A
 * verify is always a single default worker pod; {@code spec.backfill.template} replaces the
 * default pod of backfills only (see {@link WorkerPod} for what is merged into it).
 */
public final class JobTemplate {
  private final String operatorImage;
  private final ResourceRequirements resources;
  private final Long activeDeadlineSeconds;

  /** Worker Jobs running {@code operatorImage} with the default resources and no deadline. */
  public JobTemplate(String operatorImage) {
    this(operatorImage, WorkerPod.defaultResources(), null);
  }

  private JobTemplate(String operatorImage, ResourceRequirements resources, Long activeDeadlineSeconds) {
    if (operatorImage == null || operatorImage.isBlank()) {
      throw new IllegalArgumentException("the operator image is needed to build worker Jobs: set it (e.g. from the operator's own pod spec)");
    }
    this.operatorImage = operatorImage;
    this.resources = Objects.requireNonNull(resources, "resources");
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  /** The same template with other requests and limits for the default worker container. */
  public JobTemplate withResources(ResourceRequirements resources) {
    return new JobTemplate(operatorImage, resources, activeDeadlineSeconds);
  }

  /** The same template with a deadline after which Kubernetes fails the Job (DeadlineExceeded); null for none. */
  public JobTemplate withActiveDeadlineSeconds(Long seconds) {
    if (seconds != null && seconds <= 0) {
      throw new IllegalArgumentException("activeDeadlineSeconds must be positive, got " + seconds);
    }
    return new JobTemplate(operatorImage, resources, seconds);
  }

  public String operatorImage() {
    return operatorImage;
  }

  /** The Job for one attempt of one run. Throws IllegalArgumentException naming the field when the spec cannot make a Job. */
  public Job build(WorkerAttempt run) {
    MigrationSpec spec = run.migration().getSpec();
    int partitions = partitions(run);
    PodTemplateSpec custom = run.kind() == RunKind.BACKFILL && spec.backfill != null ? spec.backfill.template : null;
    // An empty template ({}) or one with only metadata means "the default worker".
    boolean customTemplate = custom != null && custom.getSpec() != null;
    PodTemplateSpec pod = customTemplate
        ? WorkerPod.customPod(run, custom, partitions)
        : WorkerPod.defaultPod(run, operatorImage, resources, partitions);
    return new JobBuilder()
        .withNewMetadata()
        .withGenerateName(JobLabels.generateName(run.name(), run.kind()))
        .withNamespace(run.namespace())
        .withLabels(JobLabels.of(run))
        .withAnnotations(Map.of(JobLabels.ANNOTATION_TEMPLATE,
            customTemplate ? JobLabels.TEMPLATE_CUSTOM : JobLabels.TEMPLATE_DEFAULT))
        .withOwnerReferences(ownerReference(run))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withCompletions(partitions)
        .withParallelism(partitions)
        .withCompletionMode(partitions > 1 ? "Indexed" : "NonIndexed")
        .withActiveDeadlineSeconds(activeDeadlineSeconds)
        .withTemplate(pod)
        .endSpec()
        .build();
  }

  /** The pods of the run: spec.backfill.parallelism for a backfill, 1 for a verify. */
  static int partitions(WorkerAttempt run) {
    var backfill = run.migration().getSpec().backfill;
    return run.kind() == RunKind.BACKFILL && backfill != null ? Math.max(1, backfill.parallelism) : 1;
  }

  /**
   * The Migration as controlling owner. Built by hand: HasMetadata.addOwnerReference sets neither
   * controller nor blockOwnerDeletion. blockOwnerDeletion needs RBAC update on migrations/finalizers
   * where the OwnerReferencesPermissionEnforcement admission plugin runs.
   */
  static OwnerReference ownerReference(WorkerAttempt run) {
    return new OwnerReferenceBuilder()
        .withApiVersion(CutoverConstants.API_VERSION)
        .withKind(CutoverConstants.KIND)
        .withName(run.name())
        .withUid(run.uid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
