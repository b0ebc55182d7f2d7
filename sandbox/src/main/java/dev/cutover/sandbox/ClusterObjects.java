package dev.cutover.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the Secrets and ConfigMaps a pod refers to, as the kubelet would, from the API. */
final class ClusterObjects {
  private final KubernetesClient client;
  private final String namespace;

  ClusterObjects(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Every key of a Secret, decoded; null when the Secret does not exist. */
  Map<String, String> secret(String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return null;
    }
    Map<String, String> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((key, value) ->
          data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    }
    // The API server folds stringData into data; the mock keeps it apart.
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    return data;
  }

  /** Every key of a ConfigMap (binaryData decoded as UTF-8); null when it does not exist. */
  Map<String, String> configMap(String name) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    if (map == null) {
      return null;
    }
    Map<String, String> data = new LinkedHashMap<>();
    if (map.getData() != null) {
      data.putAll(map.getData());
    }
    if (map.getBinaryData() != null) {
      map.getBinaryData().forEach((key, value) ->
          data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    }
    return data;
  }

  /** One key, or a {@link ContainerConfigException} naming what is missing (never a value). */
  String key(String kind, String name, String key, boolean optional) throws ContainerConfigException {
    Map<String, String> data = kind.equals("Secret") ? secret(name) : configMap(name);
    if (data == null) {
      if (optional) {
        return null;
      }
      throw new ContainerConfigException(kind.toLowerCase() + " \"" + name + "\" not found");
    }
    String value = data.get(key);
    if (value == null && !optional) {
      throw new ContainerConfigException("couldn't find key " + key + " in " + kind + " " + namespace + "/" + name);
    }
    return value;
  }
}
