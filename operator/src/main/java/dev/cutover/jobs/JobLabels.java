package dev.cutover.jobs;

import dev.cutover.api.CutoverConstants;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The labels and names of worker Jobs, kept within Kubernetes' limits.
 *
 * <p>A Migration name may be 253 characters, a label value and a Job name only 63. Long names are
 * cut and given a short hash of the full name so two long names never collapse into one value.
 * Jobs are selected by the uid label, never by the (possibly cut) name label.
 */
public final class JobLabels {
  /** The Job controller's pod labels: the new one (1.27+) and the legacy one. */
  public static final String POD_JOB_NAME = "batch.kubernetes.io/job-name";
  public static final String POD_JOB_NAME_LEGACY = "job-name";
  /** The Job controller's completion-index annotation (and label since 1.28) on Indexed Job pods. */
  public static final String POD_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  /**
   * Job annotation saying which pod template the Job runs: {@value #TEMPLATE_DEFAULT} (the worker,
   * which always writes a JSON result) or {@value #TEMPLATE_CUSTOM} (spec.backfill.template, for
   * which the JSON result is optional).
   */
  public static final String ANNOTATION_TEMPLATE = CutoverConstants.GROUP + "/pod-template";
  public static final String TEMPLATE_DEFAULT = "default";
  public static final String TEMPLATE_CUSTOM = "custom";

  static final int MAX_LABEL_VALUE = 63;
  /** The API server appends 5 random characters to a generateName of at most 58. */
  static final int MAX_GENERATE_NAME = 58;
  private static final int HASH_CHARS = 8;

  private JobLabels() {}

  /** The labels of a run's Job and of its pods. */
  public static Map<String, String> of(WorkerAttempt run) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(CutoverConstants.LABEL_MIGRATION, labelValue(run.name()));
    labels.put(CutoverConstants.LABEL_MIGRATION_UID, run.uid());
    labels.put(CutoverConstants.LABEL_RUN, run.kind().value());
    labels.put(CutoverConstants.LABEL_ATTEMPT, Integer.toString(run.attempt()));
    labels.put(CutoverConstants.LABEL_MANAGED_BY, CutoverConstants.MANAGED_BY);
    return labels;
  }

  /** Equality selector for every Job of one run kind of one Migration. */
  public static Map<String, String> selectorFor(String migrationUid, RunKind kind) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(CutoverConstants.LABEL_MIGRATION_UID, migrationUid);
    selector.put(CutoverConstants.LABEL_RUN, kind.value());
    selector.put(CutoverConstants.LABEL_MANAGED_BY, CutoverConstants.MANAGED_BY);
    return selector;
  }

  /** Equality selector for the Job of one attempt. */
  public static Map<String, String> selectorFor(String migrationUid, RunKind kind, int attempt) {
    Map<String, String> selector = selectorFor(migrationUid, kind);
    selector.put(CutoverConstants.LABEL_ATTEMPT, Integer.toString(attempt));
    return selector;
  }

  /** The Job's generateName, {@code <migration>-<run kind>-} ({@code tea-backfill-}, {@code tea-sequences-}), at most 58 characters. */
  public static String generateName(String migrationName, RunKind kind) {
    String suffix = "-" + kind.value() + "-";
    // Dots are legal in a Job name but not in the pod hostname an Indexed Job derives from it.
    String base = migrationName.replace('.', '-');
    return shorten(base, MAX_GENERATE_NAME - suffix.length(), migrationName) + suffix;
  }

  /** A Migration name as a label value: itself when it fits in 63 characters, else cut with a hash. */
  public static String labelValue(String migrationName) {
    return shorten(migrationName, MAX_LABEL_VALUE, migrationName);
  }

  /** The attempt label of a Job, when it has a valid one. */
  public static OptionalInt attemptOf(HasMetadata job) {
    String value = label(job, CutoverConstants.LABEL_ATTEMPT);
    if (value == null) {
      return OptionalInt.empty();
    }
    try {
      int attempt = Integer.parseInt(value);
      return attempt >= 1 ? OptionalInt.of(attempt) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** The run kind label of a Job, when it has a valid one. */
  public static Optional<RunKind> runKindOf(HasMetadata job) {
    return Optional.ofNullable(label(job, CutoverConstants.LABEL_RUN)).flatMap(RunKind::fromValue);
  }

  /** True when the Job runs spec.backfill.template rather than the default worker pod. */
  public static boolean runsCustomTemplate(HasMetadata job) {
    var annotations = job.getMetadata() == null ? null : job.getMetadata().getAnnotations();
    return annotations != null && TEMPLATE_CUSTOM.equals(annotations.get(ANNOTATION_TEMPLATE));
  }

  private static String label(HasMetadata object, String key) {
    var labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  /**
   * {@code value} when it fits in {@code max}, else a prefix ending in a letter or digit, a dash and
   * a hash of {@code identity}.
   */
  static String shorten(String value, int max, String identity) {
    if (value.length() <= max) {
      return value;
    }
    String prefix = value.substring(0, max - HASH_CHARS - 1);
    prefix = prefix.replaceAll("[^A-Za-z0-9]+$", "");
    return (prefix.isEmpty() ? "m" : prefix) + "-" + hash(identity);
  }

  private static String hash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
