package dev.cutover.jobs;

import dev.cutover.api.Migration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Where {@link WorkerJobs} reads Jobs and their pods. The operator reads its informers' caches and
 * tells them about each Job it creates, so that the Job is found again before its watch event
 * arrives; {@link #apiServer} lists from the API server, for tools and tests that run no informer.
 */
public interface JobCache {
  /** Every Job the operator made for this Migration that is known, in any order. */
  List<Job> jobsOf(Migration migration);

  /** The pods of a Job as the cache holds them. */
  List<Pod> podsOf(Job job);

  /** The pods of a Job as the API server holds them now: for a finished Job whose cached pods lag behind. */
  List<Pod> podsNow(Job job);

  /** A Job this operator just created, so that the next read finds it. */
  void created(Job job);

  /** Reads everything from the API server, by label. */
  static JobCache apiServer(KubernetesClient client) {
    return new ApiServerJobs(client);
  }
}
