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
    created.setStatus(new dev.cutover.api.MigrationStatus());
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

  static HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url() + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void kubectlGetsMigrationsAsATableWithThePrinterColumns() throws Exception {
    Migration migration = cluster.client().resource(migration("printed")).inNamespace("teaelephant").create();
    migration.setStatus(new dev.cutover.api.MigrationStatus());
    migration.getStatus().phase = Phase.SHADOW;
    migration.getStatus().step = dev.cutover.api.Step.Ramping;
    migration.getStatus().readPercent = 50;
    migration.getStatus().conditions.add(new io.fabric8.kubernetes.api.model.ConditionBuilder().withType("Verified")
        .withStatus("True").withReason("Passed").withMessage("").withLastTransitionTime("2026-01-01T00:00:00Z").build());
    cluster.client().resource(migration).updateStatus();
    String kubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    String table = get("/apis/cutover.dev/v1alpha1/namespaces/teaelephant/migrations/printed", kubectlAccept).body();
    String plain = get("/apis/cutover.dev/v1alpha1/namespaces/teaelephant/migrations/printed", null).body();

    assertThat(table).contains("\"kind\":\"Table\"").contains("\"name\":\"Read%\"")
        .contains("[\"printed\",");
    var row = new com.fasterxml.jackson.databind.ObjectMapper().readTree(table).path("rows").get(0).path("cells");
    var columns = new com.fasterxml.jackson.databind.ObjectMapper().readTree(table).path("columnDefinitions");
    java.util.Map<String, String> cells = new java.util.HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      cells.put(columns.get(i).path("name").asText(), row.get(i).asText());
    }
    assertThat(cells).containsEntry("Phase", "shadow").containsEntry("Step", "Ramping").containsEntry("Read%", "50")
        .containsEntry("Verified", "True").containsEntry("Target", "old").containsKey("Age");
    assertThat(plain).contains("\"kind\":\"Migration\"");
  }

  @Test
  void eventsAreSelectedByFieldAsKubectlDescribeAsks() throws Exception {
    for (String name : new String[] {"described", "other"}) {
      cluster.client().v1().events().inNamespace("teaelephant").resource(new io.fabric8.kubernetes.api.model.EventBuilder()
          .withNewMetadata().withName(name + ".event").endMetadata()
          .withNewInvolvedObject().withKind("Migration").withName(name).withNamespace("teaelephant").endInvolvedObject()
          .withReason("PhaseChanged").withMessage("moved " + name).build()).create();
    }

    String selected = get("/api/v1/namespaces/teaelephant/events?fieldSelector=involvedObject.kind%3DMigration"
        + "%2CinvolvedObject.name%3Ddescribed&limit=500", null).body();

    assertThat(selected).contains("moved described").doesNotContain("moved other").contains("\"kind\":\"EventList\"");
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
