package dev.cutover.reconciler;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.flags.AppObjects;
import dev.cutover.jobs.JobCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads of a reconcile, served by the informers of {@link MigrationEventSources}, and the
 * operator's writes handed back to them (JOSDK's recent-create and recent-update handling), so that
 * the next reconcile sees a Job just created or a ConfigMap just patched before its watch event.
 *
 * <p>A referenced ConfigMap or workload the cache does not hold yet is read from the API server and
 * labelled {@code cutover.dev/referenced=true} with a merge patch (which touches no other label): from
 * then on its informer holds and watches it. Someone removing the label costs one GET and one patch.
 */
final class CachedObjects implements AppObjects, JobCache {
  private static final Logger LOG = LoggerFactory.getLogger(CachedObjects.class);
  private static final String REFERENCED_PATCH =
      "{\"metadata\":{\"labels\":{\"" + CutoverConstants.LABEL_REFERENCED + "\":\"" + CutoverConstants.REFERENCED + "\"}}}";

  private final KubernetesClient client;
  private final MigrationEventSources sources;

  CachedObjects(KubernetesClient client, MigrationEventSources sources) {
    this.client = client;
    this.sources = sources;
  }

  @Override
  public <T extends HasMetadata> Optional<T> read(Class<T> kind, String namespace, String name) {
    Optional<T> cached = sources.referenced(kind).get(new ResourceID(name, namespace));
    if (cached.isPresent()) {
      return cached;
    }
    Optional<T> found = readNow(kind, namespace, name);
    return found.map(object -> watch(kind, object));
  }

  @Override
  public <T extends HasMetadata> Optional<T> readNow(Class<T> kind, String namespace, String name) {
    return Optional.ofNullable(client.resources(kind).inNamespace(namespace).withName(name).get());
  }

  @Override
  public void wrote(HasMetadata before, HasMetadata after) {
    if (after != null && isReferenced(after)) {
      cache(after.getClass()).handleRecentResourceUpdate(ResourceID.fromResource(after), after, before);
    }
  }

  @Override
  public List<Job> jobsOf(Migration migration) {
    return List.copyOf(sources.jobs().getSecondaryResources(migration));
  }

  @Override
  public List<Pod> podsOf(Job job) {
    return sources.pods().byIndex(MigrationEventSources.JOB_NAME_INDEX,
        MigrationEventSources.key(job.getMetadata().getNamespace(), job.getMetadata().getName()));
  }

  @Override
  public List<Pod> podsNow(Job job) {
    return JobCache.apiServer(client).podsNow(job);
  }

  @Override
  public void created(Job job) {
    sources.jobs().handleRecentResourceCreate(ResourceID.fromResource(job), job);
  }

  /** Labels the object so that its informer picks it up, and caches the labelled copy at once. */
  private <T extends HasMetadata> T watch(Class<T> kind, T object) {
    if (isReferenced(object)) {
      return object; // labelled, and its ADDED event is on its way
    }
    T labelled = client.resources(kind).inNamespace(object.getMetadata().getNamespace())
        .withName(object.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), REFERENCED_PATCH);
    LOG.info("watching {} {}/{}: labelled {}={}", kind.getSimpleName(), object.getMetadata().getNamespace(),
        object.getMetadata().getName(), CutoverConstants.LABEL_REFERENCED, CutoverConstants.REFERENCED);
    sources.referenced(kind).handleRecentResourceCreate(ResourceID.fromResource(labelled), labelled);
    return labelled;
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource<T, Migration> cache(
      Class<?> kind) {
    return sources.referenced((Class<T>) kind);
  }

  private static boolean isReferenced(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && CutoverConstants.REFERENCED.equals(labels.get(CutoverConstants.LABEL_REFERENCED));
  }
}
