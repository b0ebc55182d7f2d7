package dev.cutover.jobs;

import dev.cutover.api.Migration;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker Jobs of Migrations in the cluster: find, adopt or create the Job of an attempt, list a
 * run kind's Jobs, read their outcome, and prune old ones.
 *
 * <p>Reads go to a {@link JobCache}. A Job created a moment ago must be found, or a second Job would
 * copy the same rows: every Job created here is handed to the cache at once, and a Job created by an
 * operator that crashed before it wrote status is in the informer's initial list when it restarts.
 */
public final class WorkerJobs {
  /** Finished Jobs kept per Migration and run kind by default, for kubectl logs and describe. */
  public static final int DEFAULT_HISTORY = 3;
  private static final Logger LOG = LoggerFactory.getLogger(WorkerJobs.class);

  /** Oldest first: by attempt, then creation, then name. */
  static final Comparator<Job> OLDEST_FIRST = Comparator
      .comparingInt((Job j) -> JobLabels.attemptOf(j).orElse(0))
      .thenComparing(j -> Objects.toString(j.getMetadata().getCreationTimestamp(), ""))
      .thenComparing(j -> j.getMetadata().getName());

  private final KubernetesClient client;
  private final JobTemplate template;
  private final JobCache cache;

  /** Reading every Job and pod from the API server (for tools and tests without informers). */
  public WorkerJobs(KubernetesClient client, JobTemplate template) {
    this(client, template, JobCache.apiServer(client));
  }

  public WorkerJobs(KubernetesClient client, JobTemplate template, JobCache cache) {
    this.client = Objects.requireNonNull(client, "client");
    this.template = Objects.requireNonNull(template, "template");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /**
   * The Job of this attempt: the existing one if there is one (adopted as is, running or finished),
   * else a new one created from the template. Calling it again for the same attempt never creates a
   * second Job.
   */
  public Job ensure(WorkerAttempt run) {
    Optional<Job> existing = find(run.migration(), run.kind(), run.attempt());
    if (existing.isPresent()) {
      LOG.debug("adopting Job {} for {} attempt {} of Migration {}/{}", existing.get().getMetadata().getName(),
          run.kind().value(), run.attempt(), run.namespace(), run.name());
      return existing.get();
    }
    Job created = client.resource(template.build(run)).create();
    cache.created(created);
    LOG.info("created Job {} for {} attempt {} of Migration {}/{}", created.getMetadata().getName(),
        run.kind().value(), run.attempt(), run.namespace(), run.name());
    return created;
  }

  /** The Job of one attempt, if it exists; the oldest if several do (which ensure never makes). */
  public Optional<Job> find(Migration migration, RunKind kind, int attempt) {
    List<Job> jobs = matching(migration, JobLabels.selectorFor(uidOf(migration), kind, attempt));
    if (jobs.size() > 1) {
      LOG.warn("{} Jobs carry {} attempt {} of Migration {}/{}; using the oldest", jobs.size(), kind.value(), attempt,
          namespaceOf(migration), migration.getMetadata().getName());
    }
    return jobs.stream().min(OLDEST_FIRST);
  }

  /** Every Job of one run kind of a Migration, oldest first (by attempt, then creation). */
  public List<Job> list(Migration migration, RunKind kind) {
    List<Job> jobs = new ArrayList<>(matching(migration, JobLabels.selectorFor(uidOf(migration), kind)));
    jobs.sort(OLDEST_FIRST);
    return jobs;
  }

  private List<Job> matching(Migration migration, Map<String, String> selector) {
    namespaceOf(migration);
    return cache.jobsOf(migration).stream().filter(job -> {
      Map<String, String> labels = job.getMetadata().getLabels();
      return labels != null && labels.entrySet().containsAll(selector.entrySet());
    }).toList();
  }

  /** The Job with the highest attempt of a run kind, if any. */
  public Optional<Job> latest(Migration migration, RunKind kind) {
    List<Job> jobs = list(migration, kind);
    return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(jobs.size() - 1));
  }

  /**
   * An attempt number no Job of this run kind has: one above the highest existing. Pruning never
   * deletes the newest Job, so numbers keep growing across runs.
   */
  public int nextAttempt(Migration migration, RunKind kind) {
    return list(migration, kind).stream().mapToInt(j -> JobLabels.attemptOf(j).orElse(0)).max().orElse(0) + 1;
  }

  /** The pods the Job created, found by the Job controller's job-name label (new or legacy). */
  public List<Pod> pods(Job job) {
    return cache.podsOf(job);
  }

  /**
   * What the Job came to, read from the Job and its pods. The Job and its pods are watched apart, so
   * a finished Job may be seen before its pods' last update: then the pods are read from the API
   * server, once, rather than judging a run by results that have not arrived.
   */
  public JobOutcome outcome(Job job) {
    List<Pod> pods = cache.podsOf(job);
    if (JobOutcome.isFinished(job) && !allTerminated(pods)) {
      pods = cache.podsNow(job);
    }
    return JobOutcome.read(job, pods);
  }

  private static boolean allTerminated(List<Pod> pods) {
    return !pods.isEmpty() && pods.stream().allMatch(pod -> pod.getStatus() != null
        && pod.getStatus().getContainerStatuses() != null && !pod.getStatus().getContainerStatuses().isEmpty()
        && pod.getStatus().getContainerStatuses().stream().allMatch(c -> c.getState() != null && c.getState().getTerminated() != null));
  }

  /**
   * Deletes finished Jobs of a run kind beyond the {@code keepFinished} newest finished ones. A Job
   * still running and the newest Job are never deleted. Pods go with their Job (background
   * propagation). Returns the names of the deleted Jobs.
   */
  public List<String> prune(Migration migration, RunKind kind, int keepFinished) {
    if (keepFinished < 0) {
      throw new IllegalArgumentException("keepFinished must be 0 or more, got " + keepFinished);
    }
    List<Job> newestFirst = new ArrayList<>(list(migration, kind));
    newestFirst.sort(OLDEST_FIRST.reversed());
    List<String> deleted = new ArrayList<>();
    int keptFinished = 0;
    for (int i = 0; i < newestFirst.size(); i++) {
      Job job = newestFirst.get(i);
      if (!JobOutcome.isFinished(job)) {
        continue;
      }
      if (i == 0 || keptFinished < keepFinished) {
        keptFinished++;
        continue;
      }
      delete(job);
      deleted.add(job.getMetadata().getName());
    }
    if (!deleted.isEmpty()) {
      LOG.info("pruned {} finished {} Jobs of Migration {}/{}: {}", deleted.size(), kind.value(),
          namespaceOf(migration), migration.getMetadata().getName(), deleted);
    }
    return deleted;
  }

  /** Deletes a Job and, in the background, its pods (to stop a run that is no longer wanted). */
  public void delete(Job job) {
    client.batch().v1().jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName())
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
  }

  private static String namespaceOf(Migration migration) {
    uidOf(migration);
    return migration.getMetadata().getNamespace();
  }

  private static String uidOf(Migration migration) {
    Objects.requireNonNull(migration, "migration");
    var meta = migration.getMetadata();
    if (meta == null || isBlank(meta.getName()) || isBlank(meta.getNamespace()) || isBlank(meta.getUid())) {
      throw new IllegalArgumentException("Migration " + (meta == null ? "(no metadata)" : meta.getNamespace() + "/" + meta.getName())
          + " needs a name, namespace and uid to find its Jobs: read it from the API server");
    }
    return meta.getUid();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
