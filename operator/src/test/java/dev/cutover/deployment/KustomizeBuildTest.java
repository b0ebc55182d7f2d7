package dev.cutover.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cutover.api.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl kustomize deployment/ builds, where kubectl is installed (skipped elsewhere): what
 * kubectl apply -k would send, including the worker image following the operator image.
 */
class KustomizeBuildTest {

  @Test
  void theKustomizationBuildsEveryObject() throws Exception {
    List<JsonNode> objects = build(RepoPaths.root().resolve("deployment"));

    assertThat(objects).extracting(o -> o.path("kind").asText()).containsExactlyInAnyOrder(
        "Namespace", "CustomResourceDefinition", "ServiceAccount", "ClusterRole",
        "ClusterRoleBinding", "Role", "RoleBinding", "Deployment");
  }

  @Test
  void settingTheImageAlsoSetsTheWorkerImage(@TempDir Path copy) throws Exception {
    Path source = RepoPaths.root().resolve("deployment");
    try (var files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    Path kustomization = copy.resolve("kustomization.yaml");
    Files.writeString(kustomization, Files.readString(kustomization)
        .replace("- name: cutover\n  newTag: 0.1.0", "- name: cutover\n  newName: registry.example.com/cutover\n  newTag: 9.9.9"));

    JsonNode container = build(copy).stream().filter(o -> o.path("kind").asText().equals("Deployment"))
        .findFirst().orElseThrow().at("/spec/template/spec/containers/0");
    String workerImage = null;
    for (JsonNode env : container.path("env")) {
      if (env.path("name").asText().equals("CUTOVER_WORKER_IMAGE")) {
        workerImage = env.path("value").asText();
      }
    }

    assertThat(container.path("image").asText()).isEqualTo("registry.example.com/cutover:9.9.9");
    assertThat(workerImage).isEqualTo("registry.example.com/cutover:9.9.9");
  }

  private static List<JsonNode> build(Path directory) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder("kubectl", "kustomize", directory.toString()).redirectErrorStream(false).start();
    } catch (IOException e) {
      assumeTrue(false, "kubectl is not installed");
      throw e;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(errors).isZero();
    List<JsonNode> objects = new ArrayList<>();
    try (var documents = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(output)) {
      while (documents.hasNext()) {
        objects.add((JsonNode) documents.next());
      }
    }
    return objects;
  }
}
