package dev.cutover.jobs;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** {@link JobCache} without a cache: every read is a LIST by label. */
final class ApiServerJobs implements JobCache {
  private final KubernetesClient client;

  ApiServerJobs(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<Job> jobsOf(Migration migration) {
    return client.batch().v1().jobs().inNamespace(migration.getMetadata().getNamespace())
        .withLabel(CutoverConstants.LABEL_MIGRATION_UID, migration.getMetadata().getUid())
        .withLabel(CutoverConstants.LABEL_MANAGED_BY, CutoverConstants.MANAGED_BY)
        .list().getItems();
  }

  @Override
  public List<Pod> podsOf(Job job) {
    return podsNow(job);
  }

  /** By the Job controller's job-name label, the new one or else the legacy one. */
  @Override
  public List<Pod> podsNow(Job job) {
    String namespace = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    List<Pod> pods = client.pods().inNamespace(namespace).withLabel(JobLabels.POD_JOB_NAME, name).list().getItems();
    if (pods.isEmpty()) {
      pods = client.pods().inNamespace(namespace).withLabel(JobLabels.POD_JOB_NAME_LEGACY, name).list().getItems();
    }
    return pods;
  }

  @Override
  public void created(Job job) {
    // Nothing to remember: the next LIST finds it.
  }
}
