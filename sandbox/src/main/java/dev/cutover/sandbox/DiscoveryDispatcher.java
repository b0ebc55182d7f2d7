package dev.cutover.sandbox;

import dev.cutover.api.CutoverConstants;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The mock's CRUD dispatcher, plus the discovery documents kubectl reads before anything else
 * ({@code /api}, {@code /apis} and the group versions of the built-in kinds the sandbox uses).
 * The CRUD dispatcher alone answers those paths with a list of every stored object, which kubectl
 * cannot read; it serves a CRD's resource list only for a path without query, which kubectl
 * never sends. It also prints Migrations as a Table for kubectl, as the API server does with the
 * CRD's printer columns, and selects Events by field ({@code involvedObject.name=...}), which
 * {@code kubectl describe} relies on and the CRUD dispatcher does not do.
 */
final class DiscoveryDispatcher extends KubernetesCrudDispatcher {
  private static final List<String> VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private final Map<String, String> documents = Map.of(
      "/api", json(new APIVersionsBuilder().withVersions("v1").build()),
      "/apis", json(new APIGroupListBuilder().withGroups(
          group("apps", "v1"), group("batch", "v1"), group("events.k8s.io", "v1"),
          group("apiextensions.k8s.io", "v1"), group(CutoverConstants.GROUP, CutoverConstants.VERSION)).build()),
      "/api/v1", resources("v1",
          resource("configmaps", "ConfigMap", "cm"), resource("secrets", "Secret", null),
          resource("pods", "Pod", "po"), resource("events", "Event", "ev"),
          resource("namespaces", "Namespace", "ns")),
      "/apis/apps/v1", resources("apps/v1", resource("deployments", "Deployment", "deploy")),
      "/apis/batch/v1", resources("batch/v1", resource("jobs", "Job", null)),
      "/apis/events.k8s.io/v1", resources("events.k8s.io/v1", resource("events", "Event", "ev")),
      "/apis/apiextensions.k8s.io/v1", resources("apiextensions.k8s.io/v1",
          resource("customresourcedefinitions", "CustomResourceDefinition", "crd")),
      "/apis/" + CutoverConstants.API_VERSION, resources(CutoverConstants.API_VERSION,
          resource(CutoverConstants.PLURAL, CutoverConstants.KIND, "mig")));

  private static final Pattern MIGRATIONS = Pattern.compile(
      "^/apis/" + Pattern.quote(CutoverConstants.API_VERSION) + "/(namespaces/[^/]+/)?" + CutoverConstants.PLURAL
          + "(/[^/]+)?$");

  private static final Pattern EVENTS = Pattern.compile("^/api/v1/namespaces/[^/]+/events$");

  private final MigrationTable table =
      new MigrationTable(SandboxCluster.migrationCrd().getSpec().getVersions().get(0).getAdditionalPrinterColumns());

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    boolean get = "GET".equals(request.getMethod());
    String document = documents.get(bare);
    if (document != null && get) {
      return json(200, document);
    }
    if (get && EVENTS.matcher(bare).matches() && query >= 0 && path.contains("fieldSelector=")) {
      return EventSelection.select(request, super::dispatch);
    }
    MockResponse response = super.dispatch(request);
    String accept = request.getHeader("Accept");
    boolean watch = query >= 0 && path.substring(query).matches(".*[?&]watch=(true|1).*");
    if (get && !watch && accept != null && accept.contains("as=Table") && MIGRATIONS.matcher(bare).matches()
        && response.code() == 200) {
      try {
        return json(200, table.render(new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8), Instant.now()));
      } catch (IOException | RuntimeException e) {
        return response;
      }
    }
    return response;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  private static String json(Object object) {
    return Serialization.asJson(object);
  }

  private static APIGroup group(String name, String version) {
    var groupVersion = new GroupVersionForDiscoveryBuilder().withGroupVersion(name + "/" + version)
        .withVersion(version).build();
    return new APIGroupBuilder().withName(name).withVersions(groupVersion).withPreferredVersion(groupVersion).build();
  }

  private static String resources(String groupVersion, APIResource... resources) {
    return json(new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(resources).build());
  }

  private static APIResource resource(String plural, String kind, String shortName) {
    APIResourceBuilder builder = new APIResourceBuilder().withName(plural).withKind(kind)
        .withNamespaced(!"Namespace".equals(kind) && !"CustomResourceDefinition".equals(kind))
        .withVerbs(VERBS).withSingularName("");
    if (shortName != null) {
      builder.withShortNames(shortName);
    }
    return builder.build();
  }
}
