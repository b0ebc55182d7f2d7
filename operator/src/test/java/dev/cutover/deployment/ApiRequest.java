package dev.cutover.deployment;

import java.util.List;

/**
 * A request to the Kubernetes API as RBAC sees it: API group, resource (with subresource), verb,
 * namespace and the object's name (null for collections). {@link #of} reads it from an HTTP method and path, such as the requests a
 * KubernetesMockServer records ({@code server.getLastRequest()}, {@code takeRequest()}).
 */
public record ApiRequest(String apiGroup, String resource, String verb, String namespace, String name) {

  /**
   * @param method GET, POST, PUT, PATCH or DELETE
   * @param pathAndQuery such as {@code /apis/batch/v1/namespaces/shop/jobs?labelSelector=a%3Db&watch=true}
   */
  public static ApiRequest of(String method, String pathAndQuery) {
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
    List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
    String group;
    int rest;
    if (parts.get(0).equals("api")) {
      group = "";
      rest = 2;
    } else if (parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = 3;
    } else {
      throw new IllegalArgumentException("not a resource path: " + pathAndQuery);
    }
    List<String> tail = parts.subList(Math.min(rest, parts.size()), parts.size());
    String namespace = null;
    if (tail.size() >= 2 && tail.get(0).equals("namespaces") && tail.size() != 2) {
      namespace = tail.get(1);
      tail = tail.subList(2, tail.size());
    }
    if (tail.isEmpty()) {
      throw new IllegalArgumentException("no resource in " + pathAndQuery);
    }
    String resource = tail.get(0) + (tail.size() >= 3 ? "/" + tail.get(2) : "");
    boolean named = tail.size() >= 2;
    if (namespace == null && tail.get(0).equals("namespaces") && named) {
      namespace = tail.get(1);
    }
    return new ApiRequest(group, resource, verb(method, named, query), namespace, named ? tail.get(1) : null);
  }

  private static String verb(String method, boolean named, String query) {
    return switch (method.toUpperCase(java.util.Locale.ROOT)) {
      case "GET" -> query.matches("(^|.*&)watch=(true|1)(&.*|$)") ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("unknown method " + method);
    };
  }

  @Override
  public String toString() {
    return (apiGroup.isEmpty() ? "core" : apiGroup) + " " + resource + (name == null ? "" : " " + name) + " " + verb
        + (namespace == null ? "" : " in " + namespace);
  }
}
