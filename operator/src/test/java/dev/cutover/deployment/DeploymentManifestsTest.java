package dev.cutover.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.ManifestFiles;
import dev.cutover.api.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifests of deployment/, read as the API server would get them from kubectl apply -k. */
class DeploymentManifestsTest {
  private static final String NAMESPACE = "cutover-system";

  @Test
  void theKustomizationListsEveryManifestOfTheDirectory() {
    JsonNode kustomization = single(ManifestFiles.documents(file("kustomization.yaml")));
    List<String> listed = new ArrayList<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    List<String> manifests = ManifestFiles.in("deployment").stream()
        .map(p -> p.getFileName().toString())
        .filter(name -> !name.equals("kustomization.yaml"))
        .toList();

    assertThat(listed).containsExactlyInAnyOrderElementsOf(manifests);
    assertThat(listed).allSatisfy(r -> assertThat(r).doesNotStartWith("..").doesNotContain("/"));
    assertThat(listed.get(0)).as("the namespace first").isEqualTo("namespace.yaml");
  }

  @Test
  void theCrdInDeploymentIsTheCheckedInCrdByteForByte() throws IOException {
    Path copy = file(CutoverConstants.CRD_NAME + "-v1.yml");

    assertThat(Files.readString(copy))
        .as("deployment/%s differs from crds/: run mvn -B verify -Dcutover.crd.write=true -Dtest=GeneratedCrdTest",
            copy.getFileName())
        .isEqualTo(Files.readString(RepoPaths.crd()));
  }

  @Test
  void theKustomizationKeepsTheWorkerImageEqualToTheOperatorImage() {
    JsonNode replacement = single(ManifestFiles.documents(file("kustomization.yaml"))).path("replacements").path(0);

    assertThat(replacement.at("/source/fieldPath").asText()).isEqualTo("spec.template.spec.containers.[name=operator].image");
    assertThat(replacement.at("/targets/0/fieldPaths/0").asText())
        .isEqualTo("spec.template.spec.containers.[name=operator].env.[name=CUTOVER_WORKER_IMAGE].value");
    assertThat(env(operatorContainer(), "CUTOVER_WORKER_IMAGE").path("value").asText())
        .isEqualTo(operatorContainer().path("image").asText());
  }

  @Test
  void theNamespaceEnforcesTheRestrictedPodSecurityStandard() {
    JsonNode namespace = only("Namespace");

    assertThat(namespace.at("/metadata/name").asText()).isEqualTo(NAMESPACE);
    assertThat(namespace.at("/metadata/labels").path("pod-security.kubernetes.io/enforce").asText()).isEqualTo("restricted");
  }

  @Test
  void everyNamespacedObjectIsInTheOperatorNamespace() {
    for (JsonNode document : ManifestFiles.allDocuments("deployment")) {
      String kind = document.path("kind").asText();
      boolean clusterScoped = List.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "Kustomization")
          .contains(kind);
      assertThat(document.at("/metadata/namespace").asText()).as(kind).isEqualTo(clusterScoped ? "" : NAMESPACE);
    }
  }

  @Test
  void theOperatorRunsTwoReplicasWithLeaderElectionOnALease() {
    JsonNode deployment = only("Deployment");
    JsonNode container = operatorContainer();

    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(env(container, "CUTOVER_LEADER_ELECTION").path("value").asText()).isEqualTo("true");
    assertThat(env(container, "POD_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.namespace");
    assertThat(env(container, "POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
    assertThat(env(container, "CUTOVER_WORKER_IMAGE").path("value").asText()).isNotBlank();
    assertThat(container.path("args").toString()).isEqualTo("[\"run\"]");
    assertThat(RbacRules.load().permissions()).anySatisfy(p -> {
      assertThat(p.triple()).isEqualTo("coordination.k8s.io leases update");
      assertThat(p.namespace()).isEqualTo(NAMESPACE);
      assertThat(p.resourceNames()).containsExactly("cutover-operator");
    });
  }

  @Test
  void livenessAndReadinessProbeTheHealthPort() {
    JsonNode container = operatorContainer();
    int port = container.at("/ports/0/containerPort").asInt();

    assertThat(port).isEqualTo(8080);
    assertThat(container.at("/ports/0/name").asText()).isEqualTo("health");
    assertThat(env(container, "CUTOVER_HEALTH_PORT").path("value").asText()).isEqualTo(String.valueOf(port));
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("health");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("health");
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
  }

  @Test
  void theOperatorHasRequestsAndLimitsAndAHeapUnder256MiB() {
    JsonNode resources = operatorContainer().path("resources");

    assertThat(resources.at("/requests/cpu").asText()).isNotBlank();
    assertThat(resources.at("/requests/memory").asText()).isNotBlank();
    assertThat(resources.at("/limits/cpu").asText()).isNotBlank();
    long limitMiB = mebibytes(resources.at("/limits/memory").asText());
    String javaOptions = env(operatorContainer(), "JAVA_TOOL_OPTIONS").path("value").asText();
    double percent = Double.parseDouble(javaOptions.replaceAll(".*-XX:MaxRAMPercentage=([0-9.]+).*", "$1"));

    assertThat(limitMiB * percent / 100).as("max heap in MiB").isLessThan(256);
    assertThat(javaOptions).contains("-XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void theOperatorPodMeetsTheRestrictedPodSecurityStandard() {
    JsonNode pod = only("Deployment").at("/spec/template/spec");
    JsonNode container = operatorContainer().path("securityContext");

    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(container.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(container.at("/capabilities/add").isMissingNode()).isTrue();
    assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();
    assertThat(pod.path("hostPID").asBoolean(false)).isFalse();
    assertThat(operatorContainer().path("volumeMounts")).extracting(m -> m.path("mountPath").asText()).containsExactly("/tmp");
    assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();
  }

  @Test
  void theOperatorRunsAsItsOwnServiceAccount() {
    assertThat(only("Deployment").at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("cutover-operator");
    assertThat(serviceAccount("cutover-operator")).isNotNull();
  }

  /**
   * Worker pods run in the Migration's namespace under its default account with no token mounted
   * (JobTemplateTest checks the pod), so deployment/ ships no account for them: one in
   * cutover-system could never be used by a pod in another namespace.
   */
  @Test
  void theOnlyServiceAccountIsTheOperators() {
    assertThat(ManifestFiles.ofKind("deployment", "ServiceAccount"))
        .extracting(sa -> sa.at("/metadata/name").asText()).containsExactly("cutover-operator");
  }

  @Test
  void everyBindingGrantsTheOperatorARoleThatExists() {
    for (JsonNode binding : bindings()) {
      String roleKind = binding.at("/roleRef/kind").asText();
      String roleName = binding.at("/roleRef/name").asText();
      assertThat(ManifestFiles.ofKind("deployment", roleKind))
          .as("%s %s", roleKind, roleName).anySatisfy(role -> assertThat(role.at("/metadata/name").asText()).isEqualTo(roleName));
      assertThat(binding.path("subjects")).singleElement().satisfies(subject -> {
        assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
        assertThat(subject.path("name").asText()).isEqualTo("cutover-operator");
        assertThat(subject.path("namespace").asText()).isEqualTo(NAMESPACE);
      });
    }
  }

  @Test
  void noRuleUsesAWildcardOrGrantsMoreThanTheOperatorNeeds() {
    RbacRules rules = RbacRules.load();

    assertThat(rules.permissions()).allSatisfy(p -> {
      assertThat(p.apiGroup()).doesNotContain("*");
      assertThat(p.resource()).doesNotContain("*");
      assertThat(p.verb()).doesNotContain("*").isNotIn("escalate", "bind", "impersonate", "deletecollection");
    });
    assertThat(rules.triples()).containsExactlyInAnyOrder(
        "cutover.dev migrations get", "cutover.dev migrations list", "cutover.dev migrations watch",
        "cutover.dev migrations/status update",
        "cutover.dev migrations/finalizers update",
        "core configmaps get", "core configmaps list", "core configmaps watch", "core configmaps patch",
        "core secrets get",
        "batch jobs list", "batch jobs watch", "batch jobs create", "batch jobs delete",
        "core pods list", "core pods watch",
        "apps deployments get", "apps deployments list", "apps deployments watch", "apps deployments patch",
        "apps statefulsets get", "apps statefulsets list", "apps statefulsets watch", "apps statefulsets patch",
        "core events create", "core events get", "core events patch",
        "coordination.k8s.io leases get", "coordination.k8s.io leases create", "coordination.k8s.io leases update");
  }

  @Test
  void theOperatorMayNotWriteSecretsConfigMapsItDoesNotOwnOrTheCrd() {
    RbacRules rules = RbacRules.load();

    assertThat(rules.allows(ApiRequest.of("GET", "/api/v1/namespaces/tea/secrets?watch=true"))).isFalse();
    assertThat(rules.allows(ApiRequest.of("GET", "/api/v1/namespaces/tea/secrets"))).isFalse();
    assertThat(rules.allows(ApiRequest.of("PUT", "/api/v1/namespaces/tea/secrets/pg"))).isFalse();
    assertThat(rules.allows(ApiRequest.of("POST", "/api/v1/namespaces/tea/configmaps"))).isFalse();
    assertThat(rules.allows(ApiRequest.of("DELETE", "/api/v1/namespaces/tea/configmaps/flags"))).isFalse();
    assertThat(rules.allows(ApiRequest.of("DELETE", "/api/v1/namespaces/tea/pods/p"))).isFalse();
    assertThat(rules.allows(ApiRequest.of("PATCH", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/migrations.cutover.dev")))
        .isFalse();
    assertThat(rules.allows(ApiRequest.of("PUT", "/apis/coordination.k8s.io/v1/namespaces/tea/leases/cutover-operator")))
        .as("leases only in the operator's namespace").isFalse();
  }

  private static JsonNode operatorContainer() {
    JsonNode containers = only("Deployment").at("/spec/template/spec/containers");
    assertThat(containers).hasSize(1);
    assertThat(containers.get(0).path("name").asText()).isEqualTo("operator");
    return containers.get(0);
  }

  private static JsonNode env(JsonNode container, String name) {
    for (JsonNode var : container.path("env")) {
      if (var.path("name").asText().equals(name)) {
        return var;
      }
    }
    throw new AssertionError("the operator container has no env " + name);
  }

  private static JsonNode serviceAccount(String name) {
    return ManifestFiles.ofKind("deployment", "ServiceAccount").stream()
        .filter(sa -> sa.at("/metadata/name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no ServiceAccount " + name));
  }

  private static List<JsonNode> bindings() {
    List<JsonNode> bindings = new ArrayList<>(ManifestFiles.ofKind("deployment", "RoleBinding"));
    bindings.addAll(ManifestFiles.ofKind("deployment", "ClusterRoleBinding"));
    assertThat(bindings).isNotEmpty();
    return bindings;
  }

  private static JsonNode only(String kind) {
    return single(ManifestFiles.ofKind("deployment", kind));
  }

  private static JsonNode single(List<JsonNode> documents) {
    assertThat(documents).hasSize(1);
    return documents.get(0);
  }

  private static Path file(String name) {
    return RepoPaths.root().resolve("deployment").resolve(name);
  }

  private static long mebibytes(String quantity) {
    if (quantity.endsWith("Mi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2));
    }
    if (quantity.endsWith("Gi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
    }
    throw new AssertionError("write the memory limit in Mi or Gi: " + quantity);
  }
}
