package dev.cutover.sandbox;

import dev.cutover.api.Phase;
import dev.cutover.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cutover sandbox}: the whole migration on this machine, with nothing installed but a JDK. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Run a whole migration on this machine: an in-process Kubernetes API, two embedded PostgreSQL"
          + " servers, a sample application writing throughout, the operator and its Jobs.",
      "Exit 0 only when the final verification shows parity without any repair, every acknowledged write is"
          + " in the target, and the application's inserts got fresh ids from the new primary."
    })
public final class SandboxCommand implements Callable<Integer> {
  @ParentCommand SandboxMain main;

  @Option(names = "--rows", defaultValue = "5000", paramLabel = "N",
      description = "Rows seeded into the source, over all tables (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--phase", defaultValue = "new", paramLabel = "PHASE", converter = PhaseConverter.class,
      description = "Stop at this phase: old, shadow, reverse-shadow or new (default ${DEFAULT-VALUE}).")
  Phase phase;

  @Option(names = "--write-rate", defaultValue = "50", paramLabel = "N",
      description = "Writes per second the sample application makes (default ${DEFAULT-VALUE}).")
  int writeRate;

  @Option(names = "--timeout", defaultValue = "5m", paramLabel = "DURATION",
      description = "Give up when the walk takes longer (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--keep", description = "Leave everything running at the end, with a kubeconfig to look with kubectl.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    if (rows < 100 || writeRate < 1) {
      main.err().println("cutover sandbox: --rows must be at least 100 and --write-rate at least 1");
      return 2;
    }
    Duration limit;
    try {
      limit = dev.cutover.api.Durations.parse(timeout, "--timeout");
    } catch (IllegalArgumentException e) {
      main.err().println("cutover sandbox: " + e.getMessage());
      return 2;
    }
    Path workDir = Files.createTempDirectory("cutover-sandbox-");
    SandboxLogging.toFile(workDir.resolve("sandbox.log"));
    main.out().println("cutover sandbox: logs in " + workDir.resolve("sandbox.log"));
    Sandbox.Options options = new Sandbox.Options(rows, phase, writeRate, limit, workDir);
    Sandbox sandbox = new Sandbox(options, main.out(), InProcessOperator.cutover(), Main::run);
    try {
      int exitCode;
      try {
        sandbox.start();
        exitCode = sandbox.walk();
      } catch (SandboxFailure failure) {
        main.out().println("FAILED: " + failure.getMessage());
        exitCode = 1;
      } catch (Exception e) {
        main.out().println("FAILED: the sandbox could not start: " + e + " (see " + workDir.resolve("sandbox.log") + ")");
        exitCode = 1;
      }
      if (keep && sandbox.cluster() != null) {
        awaitInterrupt(sandbox);
      }
      return exitCode;
    } finally {
      sandbox.close();
    }
  }

  private void awaitInterrupt(Sandbox sandbox) throws Exception {
    Path kubeconfig = sandbox.kubeconfig();
    main.out().println();
    main.out().println("The sandbox keeps running (Ctrl-C to stop); the application no longer writes."
        + " Look at it with kubectl:");
    main.out().println("  export KUBECONFIG=" + kubeconfig);
    main.out().println("  kubectl get migrations          # the in-process API cannot stream a watch (-w): use");
    main.out().println("  watch -n1 kubectl --kubeconfig " + kubeconfig + " get migrations");
    main.out().println("  kubectl describe mig " + SandboxManifests.MIGRATION + "   # status, conditions and Events");
    main.out().println("  kubectl get jobs,pods,events");
    main.out().println("  kubectl get configmap " + SandboxManifests.FLAGS_CONFIG_MAP + " -o yaml");
    if (phase == Phase.NEW) {
      main.out().println("  (new cannot be rolled back: the source missed its writes. To try a rollback, run with"
          + " --phase reverse-shadow --keep and patch spec.phase to shadow.)");
    } else if (phase != Phase.OLD) {
      main.out().println("  kubectl patch mig " + SandboxManifests.MIGRATION + " --type merge -p '{\"spec\":{\"phase\":\""
          + phase.previous() + "\"}}'   # roll back one phase");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.close();
      stopped.countDown();
    }, "sandbox-shutdown"));
    stopped.await();
  }

  /** Phases as written in a spec: old, shadow, reverse-shadow, new. */
  static final class PhaseConverter implements ITypeConverter<Phase> {
    @Override
    public Phase convert(String value) {
      return Phase.fromValue(value);
    }
  }
}
