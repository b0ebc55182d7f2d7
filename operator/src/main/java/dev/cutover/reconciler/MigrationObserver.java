package dev.cutover.reconciler;

import dev.cutover.api.ConfigMapKeyReference;
import dev.cutover.api.Migration;
import dev.cutover.api.MigrationSpec;
import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.SecretKeyReference;
import dev.cutover.api.StoreKind;
import dev.cutover.api.WorkloadReference;
import dev.cutover.flags.FlagConfigMap;
import dev.cutover.flags.FlagObservation;
import dev.cutover.flags.FlagValues;
import dev.cutover.flags.MissingConfigMapException;
import dev.cutover.flags.RolloutProgress;
import dev.cutover.flags.RolloutReport;
import dev.cutover.flags.WorkloadRollout;
import dev.cutover.jobs.JobOutcome;
import dev.cutover.jobs.RunKind;
import dev.cutover.jobs.WorkerJobs;
import dev.cutover.phase.BackfillRun;
import dev.cutover.phase.MissingObject;
import dev.cutover.phase.Observation;
import dev.cutover.phase.PreflightRun;
import dev.cutover.phase.SequencesRun;
import dev.cutover.phase.VerificationRun;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what the engine decides on: the flags ConfigMap, the restarted workloads' rollout, the
 * latest backfill and verification Jobs, and whether every referenced object exists. The ConfigMap,
 * workloads, Jobs and pods come from the informers' caches, which the operator's own writes update at
 * once; flags that look out of step are confirmed against the API server before the engine sees them.
 * Secrets and a FoundationDB cluster-file ConfigMap are only checked for existence, with one GET
 * each: watching them would mean caching (and being allowed to list) every Secret in the cluster.
 */
final class MigrationObserver {
  private final KubernetesClient client;
  private final FlagConfigMap flags;
  private final WorkloadRollout rollout;
  private final WorkerJobs jobs;
  private final PreflightAndSequencesJobs preflightAndSequences;

  MigrationObserver(KubernetesClient client, FlagConfigMap flags, WorkloadRollout rollout, WorkerJobs jobs) {
    this.client = client;
    this.flags = flags;
    this.rollout = rollout;
    this.jobs = jobs;
    this.preflightAndSequences = new PreflightAndSequencesJobs(jobs);
  }

  ObservedMigration observe(Migration migration, MigrationStatus status, Instant now) {
    List<MissingObject> missing = new ArrayList<>();
    Observation observation = Observation.at(now, generation(migration));
    Optional<FlagObservation> seenFlags = observeFlags(migration, status, missing);
    if (seenFlags.isPresent()) {
      FlagObservation seen = seenFlags.get();
      observation = observation
          .withConfigMap(seen.expressed().map(FlagValues::toPhaseFlags), seen.inSync())
          .withRolloutComplete(rolloutComplete(migration, seen.currentHash(), missing));
    }
    missing.addAll(missingConnections(migration));
    refreshBackfill(migration, status);
    refreshVerification(migration, status);
    preflightAndSequences.refresh(migration, status);
    observation = observation
        .withBackfill(BackfillRun.fromStatus(status.backfill).orElse(null))
        .withVerification(VerificationRun.fromStatus(status.verification).orElse(null))
        .withPreflight(PreflightRun.fromStatus(status.preflight).orElse(null))
        .withSequences(SequencesRun.fromStatus(status.sequences).orElse(null))
        .withMissing(missing);
    return new ObservedMigration(observation, status);
  }

  private Optional<FlagObservation> observeFlags(Migration migration, MigrationStatus status, List<MissingObject> missing) {
    MigrationSpec spec = migration.getSpec();
    try {
      return Optional.of(flags.observeConfirmed(migration, wantedNow(spec, status)));
    } catch (MissingConfigMapException e) {
      missing.add(new MissingObject("ConfigMap", spec.flags.configMap, "spec.flags.configMap"));
      return Optional.empty();
    }
  }

  /** The flags the status says are applied; before any write, the old phase's. */
  private static FlagValues wantedNow(MigrationSpec spec, MigrationStatus status) {
    Phase phase = status.flags != null && status.flags.phase != null ? status.flags.phase : Phase.OLD;
    int readPercent = status.flags != null && status.flags.phase != null ? status.flags.readPercent : 0;
    return FlagValues.forPhase(phase, readPercent, spec.readRamp.cohorts);
  }

  private boolean rolloutComplete(Migration migration, String hash, List<MissingObject> missing) {
    RolloutReport report = rollout.status(migration, hash);
    List<WorkloadReference> refs = migration.getSpec().flags.restartWorkloads;
    for (RolloutProgress progress : report.missing()) {
      missing.add(new MissingObject(progress.kind().name(), progress.name(), "spec.flags.restartWorkloads[" + indexOf(refs, progress) + "]"));
    }
    return report.complete();
  }

  private static int indexOf(List<WorkloadReference> refs, RolloutProgress progress) {
    for (int i = 0; i < refs.size(); i++) {
      if (refs.get(i).name.equals(progress.name()) && refs.get(i).kind == progress.kind()) {
        return i;
      }
    }
    return -1;
  }

  private List<MissingObject> missingConnections(Migration migration) {
    List<MissingObject> missing = new ArrayList<>();
    String namespace = migration.getMetadata().getNamespace();
    MigrationSpec spec = migration.getSpec();
    if (spec.source.kind == StoreKind.POSTGRES && spec.source.postgres != null) {
      checkSecret(namespace, spec.source.postgres.dsn, "spec.source.postgres.dsn.secretKeyRef", missing);
    }
    if (spec.source.kind == StoreKind.FOUNDATIONDB && spec.source.foundationdb != null) {
      checkConfigMap(namespace, spec.source.foundationdb.clusterFile, "spec.source.foundationdb.clusterFile.configMapKeyRef", missing);
    }
    if (spec.target.postgres != null) {
      checkSecret(namespace, spec.target.postgres.dsn, "spec.target.postgres.dsn.secretKeyRef", missing);
    }
    return missing;
  }

  /** Only existence and the key are checked; the value is never read into the operator's logs or status. */
  private void checkSecret(String namespace, SecretKeyReference ref, String field, List<MissingObject> missing) {
    String name = ref.secretKeyRef.getName();
    Secret secret = name == null ? null : client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      missing.add(new MissingObject("Secret", String.valueOf(name), field));
    } else if (!hasKey(secret.getData(), ref.secretKeyRef.getKey()) && !hasKey(secret.getStringData(), ref.secretKeyRef.getKey())) {
      missing.add(new MissingObject("Secret key", name + "/" + ref.secretKeyRef.getKey(), field + ".key"));
    }
  }

  private void checkConfigMap(String namespace, ConfigMapKeyReference ref, String field, List<MissingObject> missing) {
    String name = ref.configMapKeyRef.getName();
    ConfigMap configMap = name == null ? null : client.configMaps().inNamespace(namespace).withName(name).get();
    if (configMap == null) {
      missing.add(new MissingObject("ConfigMap", String.valueOf(name), field));
    } else if (!hasKey(configMap.getData(), ref.configMapKeyRef.getKey())) {
      missing.add(new MissingObject("ConfigMap key", name + "/" + ref.configMapKeyRef.getKey(), field + ".key"));
    }
  }

  private static boolean hasKey(java.util.Map<String, String> data, String key) {
    return data != null && key != null && data.containsKey(key);
  }

  /** Brings status.backfill up to date with its Job while it runs. */
  private void refreshBackfill(Migration migration, MigrationStatus status) {
    if (status.backfill == null || status.backfill.state != RunState.Running) {
      return;
    }
    Optional<Job> job = jobs.find(migration, RunKind.BACKFILL, status.backfill.attempt);
    if (job.isEmpty()) {
      status.backfill.state = RunState.Failed;
      status.backfill.failureReason = "JobDeleted: Job " + status.backfill.job + " no longer exists; a new attempt follows";
      return;
    }
    String startedAt = status.backfill.startedAt;
    jobs.outcome(job.get()).applyTo(status.backfill);
    status.backfill.startedAt = startedAt;
    pruneWhenFinished(migration, status.backfill.state, RunKind.BACKFILL);
  }

  /** Brings status.verification up to date with its Job while it runs. */
  private void refreshVerification(Migration migration, MigrationStatus status) {
    if (status.verification == null || status.verification.state != RunState.Running) {
      return;
    }
    Optional<Job> job = jobs.find(migration, RunKind.VERIFY, status.verification.attempt);
    if (job.isEmpty()) {
      status.verification.state = RunState.Failed;
      status.verification.message = "JobDeleted: Job " + status.verification.job + " no longer exists; a new attempt follows";
      return;
    }
    String startedAt = status.verification.startedAt;
    JobOutcome outcome = jobs.outcome(job.get());
    outcome.applyTo(status.verification);
    // The engine compares start times on the operator's clock; keep the one recorded at creation.
    status.verification.startedAt = startedAt;
    pruneWhenFinished(migration, status.verification.state, RunKind.VERIFY);
  }

  private void pruneWhenFinished(Migration migration, RunState state, RunKind kind) {
    if (state != RunState.Running) {
      jobs.prune(migration, kind, WorkerJobs.DEFAULT_HISTORY);
    }
  }

  private static long generation(Migration migration) {
    Long generation = migration.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
