package dev.cutover.reconciler;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.WorkloadReference;
import dev.cutover.jobs.JobLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What wakes a Migration up, and the caches its reconciles read: its Jobs and their pods (labelled
 * {@code app.kubernetes.io/managed-by=cutover} by the operator), the flags ConfigMap (someone edits a
 * flag: drift) and the restarted workloads (rollout progress). Every informer is label-selected, so
 * the operator's memory follows the number of Migrations, not the size of the cluster: the
 * application's ConfigMap and workloads carry {@code cutover.dev/referenced=true}, which the operator
 * stamps on them the first time it reads them ({@link CachedObjects}). They are matched to Migrations
 * through an index of the names each Migration references; Jobs by their ownerReference, pods by the
 * Migration uid they are labelled with.
 */
final class MigrationEventSources {
  static final String CONFIG_MAP_INDEX = "cutover-configmap";
  static final String WORKLOAD_INDEX = "cutover-workload";
  static final String UID_INDEX = "cutover-uid";
  static final String JOB_NAME_INDEX = "cutover-job-name";
  static final String MANAGED = CutoverConstants.LABEL_MANAGED_BY + "=" + CutoverConstants.MANAGED_BY;
  static final String REFERENCED = CutoverConstants.LABEL_REFERENCED + "=" + CutoverConstants.REFERENCED;

  private final String jobSelector;
  private volatile InformerEventSource<Job, Migration> jobs;
  private volatile InformerEventSource<Pod, Migration> pods;
  private volatile InformerEventSource<ConfigMap, Migration> configMaps;
  private volatile InformerEventSource<Deployment, Migration> deployments;
  private volatile InformerEventSource<StatefulSet, Migration> statefulSets;

  MigrationEventSources() {
    this(MANAGED);
  }

  /** With another selector for Jobs: lets a test hide Jobs from the informer to prove what is found without it. */
  MigrationEventSources(String jobSelector) {
    this.jobSelector = jobSelector;
  }

  List<EventSource<?, Migration>> create(EventSourceContext<Migration> context) {
    context.getPrimaryCache().addIndexer(CONFIG_MAP_INDEX, migration ->
        migration.getSpec() == null || migration.getSpec().flags == null || migration.getSpec().flags.configMap == null
            ? List.of()
            : List.of(key(migration.getMetadata().getNamespace(), migration.getSpec().flags.configMap)));
    context.getPrimaryCache().addIndexer(WORKLOAD_INDEX, migration ->
        migration.getSpec() == null || migration.getSpec().flags == null || migration.getSpec().flags.restartWorkloads == null
            ? List.of()
            : migration.getSpec().flags.restartWorkloads.stream()
                .map(w -> workloadKey(w.kind.name(), migration.getMetadata().getNamespace(), w.name))
                .toList());
    context.getPrimaryCache().addIndexer(UID_INDEX, migration -> List.of(String.valueOf(migration.getMetadata().getUid())));

    jobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, Migration.class)
        .withName("jobs")
        .withLabelSelector(jobSelector)
        .withSecondaryToPrimaryMapper(Mappers.<Job>fromOwnerReferences(Migration.class, false))
        .build(), context);
    pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, Migration.class)
        .withName("worker-pods")
        .withLabelSelector(MANAGED)
        .withSecondaryToPrimaryMapper(pod -> byMigrationUid(context, pod))
        .build(), context);
    pods.addIndexers(Map.of(JOB_NAME_INDEX, pod -> jobNameOf(pod).map(job -> List.of(key(pod.getMetadata().getNamespace(), job)))
        .orElse(List.of())));
    configMaps = new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, Migration.class)
        .withName("flag-configmaps")
        .withLabelSelector(REFERENCED)
        .withSecondaryToPrimaryMapper(byIndex(context, CONFIG_MAP_INDEX,
            cm -> key(cm.getMetadata().getNamespace(), cm.getMetadata().getName())))
        .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<Migration>) migration ->
            Set.of(new ResourceID(migration.getSpec().flags.configMap, migration.getMetadata().getNamespace())))
        .build(), context);
    deployments = new InformerEventSource<>(InformerEventSourceConfiguration.from(Deployment.class, Migration.class)
        .withName("deployments")
        .withLabelSelector(REFERENCED)
        .withSecondaryToPrimaryMapper(byIndex(context, WORKLOAD_INDEX,
            d -> workloadKey("Deployment", d.getMetadata().getNamespace(), d.getMetadata().getName())))
        .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<Migration>) m -> workloads(m, "Deployment"))
        .build(), context);
    statefulSets = new InformerEventSource<>(InformerEventSourceConfiguration.from(StatefulSet.class, Migration.class)
        .withName("statefulsets")
        .withLabelSelector(REFERENCED)
        .withSecondaryToPrimaryMapper(byIndex(context, WORKLOAD_INDEX,
            s -> workloadKey("StatefulSet", s.getMetadata().getNamespace(), s.getMetadata().getName())))
        .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<Migration>) m -> workloads(m, "StatefulSet"))
        .build(), context);
    return List.of(jobs, pods, configMaps, deployments, statefulSets);
  }

  InformerEventSource<Job, Migration> jobs() {
    return registered(jobs);
  }

  InformerEventSource<Pod, Migration> pods() {
    return registered(pods);
  }

  /** The informer that caches objects of {@code kind} the Migrations reference. */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> InformerEventSource<T, Migration> referenced(Class<T> kind) {
    Object source;
    if (kind == ConfigMap.class) {
      source = configMaps;
    } else if (kind == Deployment.class) {
      source = deployments;
    } else if (kind == StatefulSet.class) {
      source = statefulSets;
    } else {
      throw new IllegalArgumentException("the operator caches no " + kind.getSimpleName());
    }
    return (InformerEventSource<T, Migration>) registered(source);
  }

  private static <S> S registered(S source) {
    if (source == null) {
      throw new IllegalStateException("the event sources are not registered yet: the operator has not started");
    }
    return source;
  }

  private static java.util.Optional<String> jobNameOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(labels.getOrDefault(JobLabels.POD_JOB_NAME, labels.get(JobLabels.POD_JOB_NAME_LEGACY)));
  }

  /** By uid, not by the migration label, which is cut short for names longer than a label value. */
  private static Set<ResourceID> byMigrationUid(EventSourceContext<Migration> context, Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String uid = labels == null ? null : labels.get(CutoverConstants.LABEL_MIGRATION_UID);
    return uid == null ? Set.of() : context.getPrimaryCache().byIndex(UID_INDEX, uid).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static Set<ResourceID> workloads(Migration migration, String kind) {
    List<WorkloadReference> refs = migration.getSpec().flags.restartWorkloads;
    return refs == null ? Set.of() : refs.stream()
        .filter(w -> w.kind.name().equals(kind))
        .map(w -> new ResourceID(w.name, migration.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }

  private static <R extends HasMetadata> SecondaryToPrimaryMapper<R> byIndex(
      EventSourceContext<Migration> context, String index, Function<R, String> key) {
    return resource -> context.getPrimaryCache().byIndex(index, key.apply(resource)).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  static String workloadKey(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
