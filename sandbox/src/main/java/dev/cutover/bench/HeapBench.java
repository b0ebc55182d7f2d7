package dev.cutover.bench;

import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import dev.cutover.sandbox.SandboxCluster;
import dev.cutover.sandbox.SandboxManifests;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code bench --heap}: the operator's live heap with one Migration, then again once the API server
 * also holds thousands of objects no Migration references (ConfigMaps of 16 KiB, Deployments,
 * StatefulSets, Jobs, pods). The operator runs in a JVM of its own ({@link HeapProbe}) against the
 * sandbox's in-process API server, which stands in for a real one; its heap must stay flat.
 */
final class HeapBench {
  static final String UNRELATED_NAMESPACE = "unrelated";
  private static final int VALUE_BYTES = 16 * 1024;

  /** How many unrelated objects of each kind are added. */
  record Load(int configMaps, int deployments, int statefulSets, int jobs, int pods) {
    static Load scaled(int configMaps) {
      return new Load(configMaps, configMaps / 6, configMaps / 6, configMaps / 6, configMaps / 3);
    }

    String describe() {
      return configMaps + " ConfigMaps of 16 KiB, " + deployments + " Deployments, " + statefulSets + " StatefulSets, "
          + jobs + " Jobs, " + pods + " pods";
    }
  }

  private final Load load;
  private final PrintStream out;

  HeapBench(Load load, PrintStream out) {
    this.load = load;
    this.out = out;
  }

  /** Prints both measurements and their ratio; true when the heap stayed within 25 % of the first. */
  boolean run() throws Exception {
    try (SandboxCluster cluster = SandboxCluster.start("teaelephant")) {
      KubernetesClient client = cluster.client();
      createMigration(client);
      Path log = Files.createTempFile("cutover-heap-probe", ".log");
      Process probe = new ProcessBuilder(javaCommand(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          HeapProbe.class.getName(), cluster.url())
          .redirectError(log.toFile()).start();
      try (BufferedReader answers = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
           Writer questions = new java.io.OutputStreamWriter(probe.getOutputStream(), StandardCharsets.UTF_8)) {
        awaitComplete(client);
        long before = measure(questions, answers);
        out.printf("operator live heap, one Migration:                   %6.1f MiB%n", mebibytes(before));
        Instant started = Instant.now();
        addUnrelated(client);
        out.printf("added %s (%d s)%n", load.describe(), Duration.between(started, Instant.now()).toSeconds());
        Thread.sleep(5000); // a reconcile or two, and any watch event, before measuring
        awaitComplete(client);
        long after = measure(questions, answers);
        double ratio = (double) after / before;
        out.printf("operator live heap, with the unrelated objects too:  %6.1f MiB%n", mebibytes(after));
        out.printf("ratio %.2f (target: flat; operator log in %s)%n", ratio, log);
        questions.write("quit\n");
        questions.flush();
        return ratio < 1.25;
      } finally {
        probe.destroy();
        probe.waitFor();
      }
    }
  }

  private static void createMigration(KubernetesClient client) {
    String ns = "teaelephant";
    client.resource(SandboxManifests.dsnSecret(SandboxManifests.SOURCE_SECRET, "jdbc:postgresql://old:5432/tea")).inNamespace(ns).create();
    client.resource(SandboxManifests.dsnSecret(SandboxManifests.TARGET_SECRET, "jdbc:postgresql://new:5432/tea")).inNamespace(ns).create();
    client.resource(SandboxManifests.flags()).inNamespace(ns).create();
    client.resource(SandboxManifests.server()).inNamespace(ns).create();
    client.resource(SandboxManifests.migration(Phase.OLD)).inNamespace(ns).create();
  }

  /** Plays the Deployment controller for the server until the Migration is Complete in old. */
  private static void awaitComplete(KubernetesClient client) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      Deployment server = client.apps().deployments().inNamespace("teaelephant").withName(SandboxManifests.SERVER).get();
      long generation = server.getMetadata().getGeneration() == null ? 1 : server.getMetadata().getGeneration();
      if (server.getStatus() == null || !Objects.equals(server.getStatus().getObservedGeneration(), generation)) {
        int replicas = server.getSpec().getReplicas();
        server.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
            .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
        client.resource(server).updateStatus();
      }
      Migration migration = client.resources(Migration.class).inNamespace("teaelephant").withName(SandboxManifests.MIGRATION).get();
      if (migration.getStatus() != null && migration.getStatus().step == Step.Complete) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the Migration did not reach Complete in old within 60 s: see the operator log");
  }

  private void addUnrelated(KubernetesClient client) {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(UNRELATED_NAMESPACE).endMetadata().build()).create();
    String value = "x".repeat(VALUE_BYTES);
    for (int i = 0; i < load.configMaps(); i++) {
      // Half next to the Migration, half elsewhere: neither may be cached.
      String ns = i % 2 == 0 ? "teaelephant" : UNRELATED_NAMESPACE;
      client.resource(new ConfigMapBuilder().withNewMetadata().withName("app-config-" + i).withNamespace(ns).endMetadata()
          .addToData("settings", value).build()).create();
    }
    for (int i = 0; i < load.deployments(); i++) {
      client.resource(new DeploymentBuilder().withNewMetadata().withName("web-" + i).withNamespace(UNRELATED_NAMESPACE)
          .endMetadata().withNewSpec().withReplicas(3).withNewTemplate().withNewMetadata().addToLabels("app", "web-" + i)
          .endMetadata().withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
          .endTemplate().endSpec().build()).create();
    }
    for (int i = 0; i < load.statefulSets(); i++) {
      client.resource(new StatefulSetBuilder().withNewMetadata().withName("db-" + i).withNamespace(UNRELATED_NAMESPACE)
          .endMetadata().withNewSpec().withReplicas(3).withNewTemplate().withNewMetadata().addToLabels("app", "db-" + i)
          .endMetadata().withNewSpec().addNewContainer().withName("db").withImage("postgres:17").endContainer().endSpec()
          .endTemplate().endSpec().build()).create();
    }
    for (int i = 0; i < load.jobs(); i++) {
      client.resource(new JobBuilder().withNewMetadata().withName("report-" + i).withNamespace(UNRELATED_NAMESPACE)
          .endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("report")
          .withImage("busybox").endContainer().withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
    }
    for (int i = 0; i < load.pods(); i++) {
      client.resource(new PodBuilder().withNewMetadata().withName("web-pod-" + i).withNamespace(UNRELATED_NAMESPACE)
          .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27")
          .endContainer().endSpec().build()).create();
    }
  }

  private static long measure(Writer questions, BufferedReader answers) throws IOException {
    questions.write("measure\n");
    questions.flush();
    String line;
    while ((line = answers.readLine()) != null) {
      if (line.startsWith("live ")) {
        return Long.parseLong(line.substring(5).trim());
      }
    }
    throw new IOException("the operator process ended before it measured its heap");
  }

  private static String javaCommand() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static double mebibytes(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

}
