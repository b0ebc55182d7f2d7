package dev.cutover.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment of one container, as the kubelet builds it: envFrom first, then env in order;
 * plain values with {@code $(VAR)} expanded from the variables before them and the container's
 * paths rewritten to where the sandbox mounted them; secretKeyRef and configMapKeyRef read from
 * the API; fieldRef from the pod. Values from Secrets and ConfigMaps are taken as they are.
 */
final class PodEnvironment {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.\\-]*)\\)");

  private final ClusterObjects objects;

  PodEnvironment(ClusterObjects objects) {
    this.objects = objects;
  }

  Map<String, String> of(Pod pod, Container container, MountPaths paths) throws ContainerConfigException {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource source : container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
      String prefix = source.getPrefix() == null ? "" : source.getPrefix();
      Map<String, String> data = envFrom(source);
      data.forEach((key, value) -> env.put(prefix + key, value));
    }
    for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      String value = var.getValueFrom() == null
          ? paths.rewrite(expand(var.getValue() == null ? "" : var.getValue(), env))
          : valueFrom(pod, var.getName(), var.getValueFrom());
      if (value != null) {
        env.put(var.getName(), value);
      }
    }
    return env;
  }

  private Map<String, String> envFrom(EnvFromSource source) throws ContainerConfigException {
    if (source.getConfigMapRef() != null) {
      var ref = source.getConfigMapRef();
      return orMissing("ConfigMap", ref.getName(), objects.configMap(ref.getName()), Boolean.TRUE.equals(ref.getOptional()));
    }
    if (source.getSecretRef() != null) {
      var ref = source.getSecretRef();
      return orMissing("Secret", ref.getName(), objects.secret(ref.getName()), Boolean.TRUE.equals(ref.getOptional()));
    }
    return Map.of();
  }

  private static Map<String, String> orMissing(String kind, String name, Map<String, String> data, boolean optional)
      throws ContainerConfigException {
    if (data == null && !optional) {
      throw new ContainerConfigException(kind.toLowerCase() + " \"" + name + "\" not found");
    }
    return data == null ? Map.of() : data;
  }

  private String valueFrom(Pod pod, String name, EnvVarSource source) throws ContainerConfigException {
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      return objects.key("Secret", ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()));
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      return objects.key("ConfigMap", ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()));
    }
    if (source.getFieldRef() != null) {
      return FieldPaths.value(pod, source.getFieldRef().getFieldPath());
    }
    throw new IllegalArgumentException("env " + name + " uses a resourceFieldRef; the sandbox cannot provide it");
  }

  /** Kubernetes' {@code $(VAR)} expansion: defined variables are replaced, {@code $$} is a literal {@code $}. */
  static String expand(String value, Map<String, String> defined) {
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder expanded = new StringBuilder();
    while (matcher.find()) {
      String replacement;
      if (matcher.group(1) == null) {
        replacement = "$";
      } else {
        replacement = defined.getOrDefault(matcher.group(1), matcher.group());
      }
      matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(expanded);
    return expanded.toString();
  }
}
