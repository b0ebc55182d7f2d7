package dev.cutover.api;

/** Names shared by the CRD, the operator and the Jobs it creates. */
public final class CutoverConstants {
  public static final String GROUP = "cutover.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "Migration";
  public static final String PLURAL = "migrations";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** Labels every Job and pod the operator creates carries. */
  public static final String LABEL_MIGRATION = GROUP + "/migration";
  public static final String LABEL_MIGRATION_UID = GROUP + "/migration-uid";
  public static final String LABEL_RUN = GROUP + "/run";
  public static final String LABEL_ATTEMPT = GROUP + "/attempt";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "cutover";

  /**
   * Label the operator puts on the application's objects a Migration references (the flags
   * ConfigMap, the restarted workloads) the first time it reads them, so that its informers watch
   * those objects and no others. Removing it only makes the operator read the object and put it back.
   */
  public static final String LABEL_REFERENCED = GROUP + "/referenced";
  public static final String REFERENCED = "true";

  /** Pod-template annotation stamped on restarted workloads, as {@code kubectl rollout restart} does. */
  public static final String ANNOTATION_FLAGS_HASH = GROUP + "/flags-hash";
  public static final String ANNOTATION_RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  /** Environment the worker reads its connections from. */
  public static final String ENV_SOURCE_DSN = "CUTOVER_SOURCE_DSN";
  public static final String ENV_TARGET_DSN = "CUTOVER_TARGET_DSN";
  public static final String ENV_FDB_CLUSTER_FILE = "CUTOVER_FDB_CLUSTER_FILE";

  /** Indexed Jobs: the partition count (the Job's completions); the index is JOB_COMPLETION_INDEX. */
  public static final String ENV_PARTITIONS = "CUTOVER_PARTITIONS";
  public static final String ENV_JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";
  /**
   * The backfill run a Job belongs to (the attempt number of the run's first try). Checkpoints are
   * kept per run: a retry resumes its run, a new run (a new stay in shadow) copies every table again.
   */
  public static final String ENV_BACKFILL_RUN = "CUTOVER_BACKFILL_RUN";
  /** Where the worker writes its JSON result when --result-file is not given. */
  public static final String ENV_RESULT_FILE = "CUTOVER_RESULT_FILE";
  public static final String DEFAULT_RESULT_FILE = "/dev/termination-log";

  /**
   * Worker pods get the Migration manifest (apiVersion, kind, name, namespace, spec) as this pod
   * annotation, projected by a downwardAPI volume to {@link #SPEC_MOUNT_PATH}/{@link #SPEC_FILE}.
   */
  public static final String ANNOTATION_MIGRATION_SPEC = GROUP + "/migration";
  public static final String SPEC_MOUNT_PATH = "/etc/cutover";
  public static final String SPEC_FILE = "migration.yaml";
  /** The FoundationDB cluster file is mounted from its ConfigMap at this path. */
  public static final String FDB_CLUSTER_FILE_PATH = "/etc/cutover/fdb/fdb.cluster";
  /** The worker container's name in the default pod template. */
  public static final String WORKER_CONTAINER = "worker";

  private CutoverConstants() {}
}
