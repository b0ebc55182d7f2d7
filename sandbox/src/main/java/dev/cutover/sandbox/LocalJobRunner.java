package dev.cutover.sandbox;

import dev.cutover.api.CutoverConstants;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Does for the Jobs the operator creates what the Job controller and the kubelet would: for each
 * completion of a new Job it creates the pod (named, labelled and owned as the Job controller
 * does), materializes its volumes and environment, runs the worker command in-process with
 * {@link WorkerLauncher} (the container's paths rewritten to where the sandbox mounted them, the
 * result file in a temporary directory), then writes the pod's terminated state with the result as
 * its termination message, and the Job's status. At most {@code concurrency} workers run at once.
 *
 * <p>Only the operator's own worker runs here: a container with another image or a command of its
 * own fails its pod with a message saying so. Whatever worker command the container's arguments
 * name (backfill, verify, preflight, sequences...) runs through the launcher, which answers an
 * unknown one as the real jar would (exit 2); only the operator itself ({@code run}, or no
 * arguments) is refused, since the sandbox runs its own.
 */
public final class LocalJobRunner implements AutoCloseable {
  /** Arguments that start the operator rather than a worker: the jar's default and its {@code run} command. */
  static final String OPERATOR_COMMAND = "run";
  static final int MAX_TERMINATION_MESSAGE = 4096;
  static final int UNSUPPORTED_EXIT_CODE = 127;
  private static final long POLL_MILLIS = 200;
  private static final long CONFIG_RETRY_MILLIS = 1000;

  /** Runs one worker command; the shape of {@code dev.cutover.cli.Main.run}. */
  @FunctionalInterface
  public interface WorkerLauncher {
    int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err);
  }

  /** Called just before a worker starts, its pod Running. */
  @FunctionalInterface
  public interface StartedPodHook {
    void started(Job job, Pod pod);
  }

  /** Called when a worker returned, before its pod and Job report it (tests inject faults here). */
  @FunctionalInterface
  public interface FinishedPodHook {
    void finished(Job job, Pod pod, int exitCode);
  }

  private final KubernetesClient client;
  private final String namespace;
  private final Set<String> workerImages;
  private final WorkerLauncher launcher;
  private final Path workDir;
  private final Consumer<String> log;
  private final PodVolumes volumes;
  private final PodEnvironment environment;
  private final ExecutorService workers;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(Daemons.named("job-controller"));
  private final Map<String, JobRun> runs = new ConcurrentHashMap<>();
  private final List<FinishedPodHook> hooks = new CopyOnWriteArrayList<>();
  private final List<StartedPodHook> startHooks = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();

  public LocalJobRunner(KubernetesClient client, String namespace, Set<String> workerImages, WorkerLauncher launcher,
      int concurrency, Path workDir, Consumer<String> log) {
    this.client = client;
    this.namespace = namespace;
    this.workerImages = Set.copyOf(workerImages);
    this.launcher = launcher;
    this.workDir = workDir;
    this.log = log;
    ClusterObjects objects = new ClusterObjects(client, namespace);
    this.volumes = new PodVolumes(objects);
    this.environment = new PodEnvironment(objects);
    this.workers = Executors.newFixedThreadPool(concurrency, Daemons.named("worker-pod"));
  }

  public void onFinishedPod(FinishedPodHook hook) {
    hooks.add(hook);
  }

  public void onStartedPod(StartedPodHook hook) {
    startHooks.add(hook);
  }

  public void start() {
    scheduler.scheduleWithFixedDelay(this::pollSafely, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    workers.shutdownNow();
  }

  private void pollSafely() {
    try {
      poll();
    } catch (KubernetesClientException e) {
      // The API is going away or blinked; the next poll tries again.
    }
  }

  private void poll() {
    List<Job> jobs = client.batch().v1().jobs().inNamespace(namespace)
        .withLabel(CutoverConstants.LABEL_MANAGED_BY, CutoverConstants.MANAGED_BY).list().getItems();
    Set<String> present = ConcurrentHashMap.newKeySet();
    Instant now = Instant.now();
    for (Job job : jobs) {
      String uid = job.getMetadata().getUid();
      present.add(uid);
      if (Boolean.TRUE.equals(job.getSpec().getSuspend()) || (!runs.containsKey(uid) && finished(job))) {
        continue;
      }
      JobRun run = runs.computeIfAbsent(uid, u -> {
        log.accept("job/" + job.getMetadata().getName() + " created: " + describe(job));
        return new JobRun(job);
      });
      if (run.checkDeadline(now)) {
        writeJobStatus(run);
      }
      startPods(run);
    }
    for (JobRun run : List.copyOf(runs.values())) {
      if (!present.contains(run.uid())) {
        collectGarbage(run);
      }
    }
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
  }

  private static String describe(Job job) {
    Container container = workerContainer(job.getSpec().getTemplate().getSpec().getContainers());
    String args = container == null || container.getArgs() == null ? "" : String.join(" ", container.getArgs());
    int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
    return args + (completions > 1 ? " (" + completions + " indexed pods)" : "");
  }

  /** The Job is gone: delete its pods as the garbage collector would (the mock has none). */
  private void collectGarbage(JobRun run) {
    runs.remove(run.uid());
    for (String pod : run.pods()) {
      try {
        client.pods().inNamespace(namespace).withName(pod).delete();
      } catch (KubernetesClientException e) {
        // Already gone.
      }
    }
  }

  private void startPods(JobRun run) {
    Optional<Integer> index;
    while ((index = run.startNext()).isPresent()) {
      int completion = index.get();
      Pod pod = client.resource(podFor(run, completion)).inNamespace(namespace).create();
      run.podCreated(pod.getMetadata().getName());
      writeJobStatus(run);
      workers.submit(() -> runPodSafely(run, completion, pod));
    }
  }

  /** The pod the Job controller would create for one completion of the Job. */
  Pod podFor(JobRun run, int index) {
    Job job = run.job();
    ObjectMeta template = job.getSpec().getTemplate().getMetadata();
    Map<String, String> labels = new LinkedHashMap<>(template == null || template.getLabels() == null
        ? Map.of() : template.getLabels());
    labels.put("batch.kubernetes.io/controller-uid", run.uid());
    labels.put("controller-uid", run.uid());
    labels.put("batch.kubernetes.io/job-name", run.name());
    labels.put("job-name", run.name());
    Map<String, String> annotations = new LinkedHashMap<>(template == null || template.getAnnotations() == null
        ? Map.of() : template.getAnnotations());
    String name = run.name() + "-";
    if (run.indexed()) {
      labels.put("batch.kubernetes.io/job-completion-index", Integer.toString(index));
      annotations.put("batch.kubernetes.io/job-completion-index", Integer.toString(index));
      name += index + "-";
    }
    return new PodBuilder()
        .withNewMetadata().withName(name + suffix()).withNamespace(namespace)
        .withLabels(labels).withAnnotations(annotations)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
            .withName(run.name()).withUid(run.uid()).withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withSpec(Serialization.clone(job.getSpec().getTemplate().getSpec()))
        .build();
  }

  private String suffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return suffix.toString();
  }

  /** How one pod ended: its exit code and termination message. */
  private record Termination(Instant started, int exitCode, String message) {}

  private void runPodSafely(JobRun run, int index, Pod pod) {
    Termination termination;
    try {
      termination = runPod(run, index, pod);
    } catch (RuntimeException e) {
      termination = new Termination(Instant.now(), UNSUPPORTED_EXIT_CODE,
          "the sandbox could not run pod " + pod.getMetadata().getName() + ": " + e.getMessage());
    }
    if (termination != null) {
      finish(run, index, pod, termination);
    }
  }

  /** Runs the pod's worker; null when the pod waits for its configuration and is tried again later. */
  private Termination runPod(JobRun run, int index, Pod pod) {
    Container container = workerContainer(pod.getSpec().getContainers());
    String unsupported = unsupported(pod, container);
    if (unsupported != null) {
      return new Termination(Instant.now(), UNSUPPORTED_EXIT_CODE, unsupported);
    }
    Path dir = workDir.resolve("pods").resolve(pod.getMetadata().getName());
    Map<String, String> env;
    List<String> args = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      MountPaths paths = volumes.mount(pod, container.getVolumeMounts(), dir);
      env = environment.of(pod, container, paths);
      for (String arg : container.getArgs()) {
        args.add(paths.rewrite(PodEnvironment.expand(arg, env)));
      }
    } catch (ContainerConfigException e) {
      waitForConfiguration(run, index, pod, container, e.getMessage());
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return new Termination(Instant.now(), UNSUPPORTED_EXIT_CODE,
          "the sandbox cannot run pod " + pod.getMetadata().getName() + ": " + e.getMessage());
    }
    Path resultFile = dir.resolve("termination-log");
    env.put("HOSTNAME", pod.getMetadata().getName());
    env.put(CutoverConstants.ENV_RESULT_FILE, resultFile.toString());
    if (run.indexed()) {
      env.put(CutoverConstants.ENV_JOB_COMPLETION_INDEX, Integer.toString(index));
    }
    Instant started = Instant.now();
    writePodStatus(pod, PodStatuses.running(container.getName(), container.getImage(), started, started));
    for (StartedPodHook hook : startHooks) {
      hook.started(run.job(), pod);
    }
    int exitCode = launch(args, env, dir.resolve("log"), resultFile);
    String message = terminationMessage(container, exitCode, resultFile, dir.resolve("log"));
    for (FinishedPodHook hook : hooks) {
      hook.finished(run.job(), pod, exitCode);
    }
    return new Termination(started, exitCode, message);
  }

  private int launch(List<String> args, Map<String, String> env, Path logFile, Path resultFile) {
    try (PrintStream output = new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8)) {
      Files.deleteIfExists(resultFile);
      try {
        return launcher.run(args.toArray(String[]::new), Map.copyOf(env), output, output);
      } catch (RuntimeException | Error e) {
        // As a JVM would: the stack trace on stderr, exit code 1.
        e.printStackTrace(output);
        return 1;
      }
    } catch (IOException e) {
      return 1;
    }
  }

  private void waitForConfiguration(JobRun run, int index, Pod pod, Container container, String message) {
    writePodStatus(pod, PodStatuses.waiting(container.getName(), container.getImage(), Instant.now(),
        "CreateContainerConfigError", message));
    scheduler.schedule(() -> {
      if (runs.containsKey(run.uid())) {
        workers.submit(() -> runPodSafely(run, index, pod));
      }
    }, CONFIG_RETRY_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void finish(JobRun run, int index, Pod pod, Termination termination) {
    int exitCode = termination.exitCode();
    String message = termination.message();
    Instant started = termination.started();
    Container container = workerContainer(pod.getSpec().getContainers());
    String name = container == null ? CutoverConstants.WORKER_CONTAINER : container.getName();
    String image = container == null ? "" : container.getImage();
    writePodStatus(pod, PodStatuses.terminated(name, image, started, started, exitCode, message));
    log.accept("pod/" + pod.getMetadata().getName() + " " + (exitCode == 0 ? "Succeeded" : "Failed")
        + " (exit " + exitCode + ")" + (exitCode == UNSUPPORTED_EXIT_CODE ? ": " + message : ""));
    run.podFinished(index, exitCode == 0);
    writeJobStatus(run);
    startPods(run);
  }

  /** The container that reports the result: the one named worker, else the only one. */
  static Container workerContainer(List<Container> containers) {
    if (containers == null || containers.isEmpty()) {
      return null;
    }
    return containers.stream().filter(c -> CutoverConstants.WORKER_CONTAINER.equals(c.getName())).findFirst()
        .orElse(containers.size() == 1 ? containers.get(0) : null);
  }

  /** Why the sandbox cannot run this pod, or null when it can. */
  private String unsupported(Pod pod, Container container) {
    String where = "pod " + pod.getMetadata().getName() + ": ";
    if (container == null) {
      return where + "no container named " + CutoverConstants.WORKER_CONTAINER
          + "; the sandbox runs only the operator's worker container";
    }
    if (pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty()) {
      return where + "init containers cannot run in the sandbox, which runs only the operator's worker in-process";
    }
    if (!workerImages.contains(container.getImage())) {
      return where + "container " + container.getName() + " runs image " + container.getImage()
          + "; the sandbox runs only the operator's own image " + workerImages
          + " in-process, so a custom spec.backfill.template cannot run here";
    }
    if (container.getCommand() != null && !container.getCommand().isEmpty()) {
      return where + "container " + container.getName() + " sets its own command " + container.getCommand()
          + "; the sandbox runs only the operator's image with a worker command as its arguments";
    }
    List<String> args = container.getArgs();
    if (args == null || args.isEmpty() || OPERATOR_COMMAND.equals(args.get(0))) {
      return where + "container " + container.getName() + " has arguments " + args
          + ", which start the operator, not a worker command (backfill, verify...); the sandbox runs its own"
          + " operator in-process";
    }
    return null;
  }

  /**
   * What the kubelet would put in the terminated state: the result file (at most 4 KiB), or with
   * FallbackToLogsOnError and a failure, the end of the log.
   */
  private static String terminationMessage(Container container, int exitCode, Path resultFile, Path logFile) {
    String message = readAtMost(resultFile, MAX_TERMINATION_MESSAGE);
    if (message.isEmpty() && exitCode != 0 && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
      String logs = readAtMost(logFile, Integer.MAX_VALUE);
      List<String> lines = logs.lines().toList();
      message = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
      if (message.length() > 2048) {
        message = message.substring(message.length() - 2048);
      }
    }
    return message;
  }

  private static String readAtMost(Path file, int bytes) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      byte[] content = Files.readAllBytes(file);
      int length = Math.min(bytes, content.length);
      return new String(content, 0, length, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private void writePodStatus(Pod pod, PodStatus status) {
    try {
      client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).editStatus(p -> {
        p.setStatus(status);
        return p;
      });
    } catch (KubernetesClientException e) {
      // The pod was deleted with its Job.
    }
  }

  private void writeJobStatus(JobRun run) {
    synchronized (run) {
      try {
        client.batch().v1().jobs().inNamespace(namespace).withName(run.name()).editStatus(job -> {
          job.setStatus(run.status());
          return job;
        });
      } catch (KubernetesClientException e) {
        // The Job was deleted; its pods go with it on the next poll.
      }
    }
  }
}
