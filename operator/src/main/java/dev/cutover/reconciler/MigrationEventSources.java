package dev.cutover.reconciler;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.WorkloadReference;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What wakes a Migration up: its Jobs and their pods (labelled by the operator), the flags ConfigMap
 * (someone edits a flag: drift) and the restarted workloads (rollout progress). The ConfigMap and the
 * workloads belong to the application, so they are matched to Migrations through an index of the
 * names each Migration references rather than by labels.
 */
final class MigrationEventSources {
  static final String CONFIG_MAP_INDEX = "cutover-configmap";
  static final String WORKLOAD_INDEX = "cutover-workload";
  private static final String MANAGED = CutoverConstants.LABEL_MANAGED_BY + "=" + CutoverConstants.MANAGED_BY;

  private MigrationEventSources() {}

  static List<EventSource<?, Migration>> create(EventSourceContext<Migration> context) {
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

    var jobs = InformerEventSourceConfiguration.from(Job.class, Migration.class)
        .withName("jobs")
        .withLabelSelector(MANAGED)
        .withSecondaryToPrimaryMapper(Mappers.<Job>fromOwnerReferences(Migration.class, false))
        .build();
    var pods = InformerEventSourceConfiguration.from(Pod.class, Migration.class)
        .withName("worker-pods")
        .withLabelSelector(MANAGED)
        .withSecondaryToPrimaryMapper(MigrationEventSources::podToMigration)
        .build();
    var configMaps = InformerEventSourceConfiguration.from(ConfigMap.class, Migration.class)
        .withName("flag-configmaps")
        .withSecondaryToPrimaryMapper(byIndex(context, CONFIG_MAP_INDEX,
            cm -> key(cm.getMetadata().getNamespace(), cm.getMetadata().getName())))
        .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<Migration>) migration ->
            Set.of(new ResourceID(migration.getSpec().flags.configMap, migration.getMetadata().getNamespace())))
        .build();
    var deployments = InformerEventSourceConfiguration.from(Deployment.class, Migration.class)
        .withName("deployments")
        .withSecondaryToPrimaryMapper(byIndex(context, WORKLOAD_INDEX,
            d -> workloadKey("Deployment", d.getMetadata().getNamespace(), d.getMetadata().getName())))
        .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<Migration>) m -> workloads(m, "Deployment"))
        .build();
    var statefulSets = InformerEventSourceConfiguration.from(StatefulSet.class, Migration.class)
        .withName("statefulsets")
        .withSecondaryToPrimaryMapper(byIndex(context, WORKLOAD_INDEX,
            s -> workloadKey("StatefulSet", s.getMetadata().getNamespace(), s.getMetadata().getName())))
        .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<Migration>) m -> workloads(m, "StatefulSet"))
        .build();
    return List.of(
        new InformerEventSource<>(jobs, context),
        new InformerEventSource<>(pods, context),
        new InformerEventSource<>(configMaps, context),
        new InformerEventSource<>(deployments, context),
        new InformerEventSource<>(statefulSets, context));
  }

  private static Set<ResourceID> podToMigration(Pod pod) {
    String name = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(CutoverConstants.LABEL_MIGRATION);
    return name == null ? Set.of() : Set.of(new ResourceID(name, pod.getMetadata().getNamespace()));
  }

  private static Set<ResourceID> workloads(Migration migration, String kind) {
    List<WorkloadReference> refs = migration.getSpec().flags.restartWorkloads;
    return refs == null ? Set.of() : refs.stream()
        .filter(w -> w.kind.name().equals(kind))
        .map(w -> new ResourceID(w.name, migration.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }

  private static <R extends HasMetadata> SecondaryToPrimaryMapper<R> byIndex(
      EventSourceContext<Migration> context, String index, java.util.function.Function<R, String> key) {
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
