package dev.cutover.flags;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Where {@link FlagConfigMap} and {@link WorkloadRollout} read the application's objects (the flags
 * ConfigMap, the restarted workloads). The operator reads its informers' caches, which hold only the
 * objects Migrations reference, and tells them about its own writes so that the next read sees them;
 * {@link #apiServer} reads the API server, for tools and tests that run no informer.
 */
public interface AppObjects {
  /** The object as the cache holds it (reading the API server when the cache does not); empty when it does not exist. */
  <T extends HasMetadata> Optional<T> read(Class<T> kind, String namespace, String name);

  /** The object as the API server holds it now: after a conflict, or to confirm what the cache shows. */
  <T extends HasMetadata> Optional<T> readNow(Class<T> kind, String namespace, String name);

  /** The operator wrote {@code before} and the API server answered {@code after}. */
  void wrote(HasMetadata before, HasMetadata after);

  /** Reads everything from the API server. */
  static AppObjects apiServer(KubernetesClient client) {
    return new AppObjects() {
      @Override
      public <T extends HasMetadata> Optional<T> read(Class<T> kind, String namespace, String name) {
        return readNow(kind, namespace, name);
      }

      @Override
      public <T extends HasMetadata> Optional<T> readNow(Class<T> kind, String namespace, String name) {
        return Optional.ofNullable(client.resources(kind).inNamespace(namespace).withName(name).get());
      }

      @Override
      public void wrote(HasMetadata before, HasMetadata after) {
        // Nothing cached.
      }
    };
  }
}
