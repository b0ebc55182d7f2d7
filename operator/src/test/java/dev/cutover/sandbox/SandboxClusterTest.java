package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxClusterTest {
  static SandboxCluster cluster;

  @BeforeAll
  static void start() {
    cluster = SandboxCluster.start("teaelephant");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static Migration migration(String name) {
    Migration migration = new Migration();
    migration.getMetadata().setName(name);
    migration.getSpec().flags.configMap = "flags";
    return migration;
  }

  @Test
  void migrationStatusIsASubresourceSoSpecUpdatesKeepIt() {
    KubernetesClient client = cluster.client();
    Migration created = client.resource(migration("status-kept")).inNamespace("teaelephant").create();
    created.getStatus().phase = Phase.SHADOW;
    client.resource(created).updateStatus();

    Migration current = client.resources(Migration.class).inNamespace("teaelephant").withName("status-kept").get();
    current.getSpec().phase = Phase.NEW;
    Migration updated = client.resource(current).update();

    assertThat(updated.getStatus().phase).isEqualTo(Phase.SHADOW);
    assertThat(updated.getSpec().phase).isEqualTo(Phase.NEW);
    assertThat(updated.getMetadata().getGeneration()).isGreaterThan(created.getMetadata().getGeneration());
  }

  @Test
  void kubeconfigReachesTheSameApiInTheSandboxNamespace(@TempDir Path dir) throws Exception {
    cluster.client().resource(migration("seen-through-kubeconfig")).inNamespace("teaelephant").create();
    Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));

    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(client.getNamespace()).isEqualTo("teaelephant");
      assertThat(client.resources(Migration.class).list().getItems())
          .extracting(m -> m.getMetadata().getName()).contains("seen-through-kubeconfig");
    }
  }

  @Test
  void discoveryAnswersKubectlEvenWithAQueryString() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> groups = http.send(
        HttpRequest.newBuilder(URI.create(cluster.url() + "/apis?timeout=32s")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> migrations = http.send(
        HttpRequest.newBuilder(URI.create(cluster.url() + "/apis/cutover.dev/v1alpha1?timeout=32s")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(groups.body()).contains("\"kind\":\"APIGroupList\"").contains("cutover.dev/v1alpha1");
    assertThat(migrations.body()).contains("\"kind\":\"APIResourceList\"").contains("\"name\":\"migrations\"")
        .contains("\"mig\"");
  }
}
