package dev.cutover.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The downward API's field paths of a pod, as the kubelet resolves them for env and volumes. */
final class FieldPaths {
  private static final Pattern SUBSCRIPT = Pattern.compile("^metadata\\.(labels|annotations)\\['(.+)'\\]$");
  static final String NODE_NAME = "cutover-sandbox";
  static final String POD_IP = "127.0.0.1";

  private FieldPaths() {}

  static String value(Pod pod, String fieldPath) {
    Matcher subscript = SUBSCRIPT.matcher(fieldPath);
    if (subscript.matches()) {
      Map<String, String> map = map(pod, subscript.group(1));
      return map.getOrDefault(subscript.group(2), "");
    }
    return switch (fieldPath) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "metadata.labels", "metadata.annotations" -> lines(map(pod, fieldPath.substring("metadata.".length())));
      case "spec.nodeName" -> NODE_NAME;
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName() == null
          ? "default" : pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.hostIP", "status.podIPs", "status.hostIPs" -> POD_IP;
      default -> throw new IllegalArgumentException("field path " + fieldPath + " is not supported by the downward API");
    };
  }

  private static Map<String, String> map(Pod pod, String which) {
    Map<String, String> map = which.equals("labels") ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
    return map == null ? Map.of() : map;
  }

  /** The kubelet writes whole label and annotation maps as sorted {@code key="value"} lines. */
  private static String lines(Map<String, String> map) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(map).forEach((key, value) -> text.append(key).append("=\"")
        .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\"\n"));
    return text.toString();
  }
}
