package dev.cutover.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Materializes a pod's volumes in a directory, as the kubelet would mount them: downwardAPI items,
 * configMap and secret keys (all, or the listed items), projected sources of those, and emptyDir.
 * Any other volume cannot exist in the sandbox and fails the pod with a message naming it.
 */
final class PodVolumes {
  private final ClusterObjects objects;

  PodVolumes(ClusterObjects objects) {
    this.objects = objects;
  }

  /** Writes every volume under {@code root}/volumes and maps the container's mount paths to them. */
  MountPaths mount(Pod pod, List<VolumeMount> mounts, Path root) throws ContainerConfigException, IOException {
    Map<String, Path> volumeDirs = new LinkedHashMap<>();
    List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    for (Volume volume : volumes) {
      Path dir = Files.createDirectories(root.resolve("volumes").resolve(volume.getName()));
      write(pod, volume, dir);
      volumeDirs.put(volume.getName(), dir);
    }
    Map<String, Path> mountPaths = new LinkedHashMap<>();
    for (VolumeMount mount : mounts == null ? List.<VolumeMount>of() : mounts) {
      Path dir = volumeDirs.get(mount.getName());
      if (dir == null) {
        throw new IllegalArgumentException("volume mount " + mount.getMountPath() + " names volume "
            + mount.getName() + ", which the pod does not have");
      }
      mountPaths.put(mount.getMountPath(), mount.getSubPath() == null || mount.getSubPath().isEmpty()
          ? dir : dir.resolve(mount.getSubPath()));
    }
    return new MountPaths(mountPaths);
  }

  private void write(Pod pod, Volume volume, Path dir) throws ContainerConfigException, IOException {
    if (volume.getDownwardAPI() != null) {
      writeDownward(pod, volume.getDownwardAPI().getItems(), dir);
    } else if (volume.getConfigMap() != null) {
      writeConfigMap(volume.getConfigMap(), dir);
    } else if (volume.getSecret() != null) {
      writeSecret(volume.getSecret(), dir);
    } else if (volume.getProjected() != null) {
      for (VolumeProjection source : volume.getProjected().getSources()) {
        writeProjection(pod, volume, source, dir);
      }
    } else if (volume.getEmptyDir() == null) {
      throw new IllegalArgumentException("volume " + volume.getName()
          + " is neither downwardAPI, configMap, secret, projected nor emptyDir; the sandbox cannot provide it");
    }
  }

  private void writeProjection(Pod pod, Volume volume, VolumeProjection source, Path dir)
      throws ContainerConfigException, IOException {
    if (source.getDownwardAPI() != null) {
      writeDownward(pod, source.getDownwardAPI().getItems(), dir);
    } else if (source.getConfigMap() != null) {
      var projection = source.getConfigMap();
      writeKeys("ConfigMap", projection.getName(), projection.getItems(), Boolean.TRUE.equals(projection.getOptional()), dir);
    } else if (source.getSecret() != null) {
      var projection = source.getSecret();
      writeKeys("Secret", projection.getName(), projection.getItems(), Boolean.TRUE.equals(projection.getOptional()), dir);
    } else {
      throw new IllegalArgumentException("projected volume " + volume.getName()
          + " has a source other than downwardAPI, configMap or secret; the sandbox cannot provide it");
    }
  }

  private static void writeDownward(Pod pod, List<DownwardAPIVolumeFile> items, Path dir) throws IOException {
    for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
      if (item.getFieldRef() == null) {
        throw new IllegalArgumentException("downwardAPI item " + item.getPath()
            + " uses a resourceFieldRef; the sandbox provides fieldRef items only");
      }
      writeFile(dir, item.getPath(), FieldPaths.value(pod, item.getFieldRef().getFieldPath()));
    }
  }

  private void writeConfigMap(ConfigMapVolumeSource source, Path dir) throws ContainerConfigException, IOException {
    writeKeys("ConfigMap", source.getName(), source.getItems(), Boolean.TRUE.equals(source.getOptional()), dir);
  }

  private void writeSecret(SecretVolumeSource source, Path dir) throws ContainerConfigException, IOException {
    writeKeys("Secret", source.getSecretName(), source.getItems(), Boolean.TRUE.equals(source.getOptional()), dir);
  }

  private void writeKeys(String kind, String name, List<KeyToPath> items, boolean optional, Path dir)
      throws ContainerConfigException, IOException {
    Map<String, String> data = kind.equals("Secret") ? objects.secret(name) : objects.configMap(name);
    if (data == null) {
      if (optional) {
        return;
      }
      // The kubelet reports a missing volume source as a mount failure; a config error is as visible.
      throw new ContainerConfigException(kind.toLowerCase() + " \"" + name + "\" not found");
    }
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, String> entry : data.entrySet()) {
        writeFile(dir, entry.getKey(), entry.getValue());
      }
      return;
    }
    for (KeyToPath item : items) {
      String value = data.get(item.getKey());
      if (value == null) {
        if (optional) {
          continue;
        }
        throw new ContainerConfigException("couldn't find key " + item.getKey() + " in " + kind + " " + name);
      }
      writeFile(dir, item.getPath(), value);
    }
  }

  private static void writeFile(Path dir, String relative, String content) throws IOException {
    Path file = dir.resolve(relative).normalize();
    if (!file.startsWith(dir)) {
      throw new IllegalArgumentException("volume item path " + relative + " leaves its volume");
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
