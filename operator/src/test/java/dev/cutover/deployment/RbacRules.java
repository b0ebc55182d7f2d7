package dev.cutover.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.api.ManifestFiles;
import dev.cutover.api.RepoPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The operator's permissions from deployment/rbac.yaml as (apiGroup, resource, verb) triples, for
 * tests that compare them with the API calls the code makes: record the requests the operator
 * sends to the mock API server, turn each into an {@link ApiRequest}, and ask {@link #missing} and
 * {@link #unused}.
 */
public final class RbacRules {
  /**
   * One permission. {@code resource} includes the subresource (migrations/status); {@code
   * namespace} is null for a ClusterRole's rule, else the Role's namespace; {@code resourceNames}
   * is empty when the rule applies to every object.
   */
  public record Permission(String apiGroup, String resource, String verb, String namespace, List<String> resourceNames) {
    public boolean covers(ApiRequest request) {
      return apiGroup.equals(request.apiGroup()) && resource.equals(request.resource()) && verb.equals(request.verb())
          && (namespace == null || namespace.equals(request.namespace()))
          && (resourceNames.isEmpty() || resourceNames.contains(request.name()));
    }

    /** The triple without the namespace. */
    public String triple() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + " " + resource + " " + verb;
    }
  }

  private final List<Permission> permissions;

  private RbacRules(List<Permission> permissions) {
    this.permissions = List.copyOf(permissions);
  }

  /** The rules of deployment/rbac.yaml. */
  public static RbacRules load() {
    return load(RepoPaths.root().resolve("deployment/rbac.yaml"));
  }

  public static RbacRules load(Path rbacYaml) {
    List<Permission> permissions = new ArrayList<>();
    for (JsonNode document : ManifestFiles.documents(rbacYaml)) {
      String kind = document.path("kind").asText();
      if (!kind.equals("ClusterRole") && !kind.equals("Role")) {
        continue;
      }
      String namespace = kind.equals("Role") ? document.at("/metadata/namespace").asText() : null;
      for (JsonNode rule : document.path("rules")) {
        List<String> names = new ArrayList<>();
        rule.path("resourceNames").forEach(n -> names.add(n.asText()));
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              permissions.add(new Permission(group.asText(), resource.asText(), verb.asText(), namespace, List.copyOf(names)));
            }
          }
        }
      }
    }
    return new RbacRules(permissions);
  }

  public List<Permission> permissions() {
    return permissions;
  }

  /** Every (apiGroup, resource, verb), as "group resource verb" with "core" for the empty group. */
  public Set<String> triples() {
    Set<String> triples = new LinkedHashSet<>();
    permissions.forEach(p -> triples.add(p.triple()));
    return triples;
  }

  public boolean allows(ApiRequest request) {
    return permissions.stream().anyMatch(p -> p.covers(request));
  }

  /** The requests no rule allows: the operator would get 403 Forbidden for these. */
  public List<ApiRequest> missing(Iterable<ApiRequest> requests) {
    List<ApiRequest> missing = new ArrayList<>();
    requests.forEach(r -> {
      if (!allows(r) && !missing.contains(r)) {
        missing.add(r);
      }
    });
    return missing;
  }

  /** The permissions no request used: candidates for removal. */
  public List<Permission> unused(Iterable<ApiRequest> requests) {
    List<Permission> unused = new ArrayList<>(permissions);
    requests.forEach(r -> unused.removeIf(p -> p.covers(r)));
    return unused;
  }
}
