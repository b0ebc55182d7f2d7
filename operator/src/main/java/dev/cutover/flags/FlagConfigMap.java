package dev.cutover.flags;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cutover.api.FlagsSpec;
import dev.cutover.api.Migration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application's flag ConfigMap (spec.flags.configMap, in the Migration's namespace). Reads and
 * patches only the keys the operator owns; never creates or deletes the ConfigMap.
 */
public final class FlagConfigMap {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final AppObjects objects;

  /** Reading the ConfigMap from the API server (for tools and tests without informers). */
  public FlagConfigMap(KubernetesClient client) {
    this(client, AppObjects.apiServer(client));
  }

  public FlagConfigMap(KubernetesClient client, AppObjects objects) {
    this.client = client;
    this.objects = objects;
  }

  /** {@link #observe(String, FlagsSpec, FlagValues)} for a Migration. */
  public FlagObservation observe(Migration migration, FlagValues wanted) {
    return observe(migration.getMetadata().getNamespace(), migration.getSpec().flags, wanted);
  }

  /**
   * {@link #observe(Migration, FlagValues)}, confirmed against the API server when the cached
   * ConfigMap differs from {@code wanted} (the flags status says are applied): a cache that has not
   * caught up with the operator's own write must never look like a hand edit, which restarts shadow.
   */
  public FlagObservation observeConfirmed(Migration migration, FlagValues wanted) {
    FlagObservation cached = observe(migration, wanted);
    if (cached.inSync()) {
      return cached;
    }
    String namespace = migration.getMetadata().getNamespace();
    FlagsSpec flags = migration.getSpec().flags;
    return observed(namespace, flags, wanted, readNow(namespace, flags.configMap, RenderedFlags.of(flags, wanted)));
  }

  /**
   * What the owned keys express now and how they differ from {@code wanted}.
   *
   * @throws MissingConfigMapException when the ConfigMap does not exist
   * @throws InvalidFlagsException when the flag keys collide or the ConfigMap holds one in binaryData
   */
  public FlagObservation observe(String namespace, FlagsSpec flags, FlagValues wanted) {
    RenderedFlags wantedSet = RenderedFlags.of(flags, wanted);
    return observed(namespace, flags, wanted, read(namespace, flags.configMap, wantedSet));
  }

  private static FlagObservation observed(String namespace, FlagsSpec flags, FlagValues wanted, ConfigMap configMap) {
    RenderedFlags wantedSet = RenderedFlags.of(flags, wanted);
    Map<String, String> data = configMap.getData();
    FlagEncoding encoding = FlagEncoding.of(flags);
    return new FlagObservation(namespace, flags.configMap, wantedSet, encoding.read(data),
        RenderedFlags.hashOf(encoding.ownedEntries(data)), wantedSet.changesFrom(data));
  }

  /** {@link #apply(String, FlagsSpec, FlagValues)} for a Migration. */
  public AppliedFlags apply(Migration migration, FlagValues wanted) {
    return apply(migration.getMetadata().getNamespace(), migration.getSpec().flags, wanted);
  }

  /**
   * Writes {@code wanted} into the owned keys, removing owned keys that should be absent, with a
   * JSON patch that names only those keys: every other key survives. The
   * patch carries the resourceVersion read, so a concurrent edit (409) makes it read and decide
   * again, a bounded number of times. Does nothing when the keys already hold the wanted values.
   *
   * @throws MissingConfigMapException when the ConfigMap does not exist
   * @throws ConflictingEditsException when every attempt met a concurrent edit
   */
  public AppliedFlags apply(String namespace, FlagsSpec flags, FlagValues wanted) {
    RenderedFlags wantedSet = RenderedFlags.of(flags, wanted);
    return ConflictRetry.run("ConfigMap " + namespace + "/" + flags.configMap, attempt -> {
      ConfigMap configMap = attempt == 0 ? read(namespace, flags.configMap, wantedSet) : readNow(namespace, flags.configMap, wantedSet);
      List<KeyChange> changes = wantedSet.changesFrom(configMap.getData());
      if (!changes.isEmpty()) {
        patch(namespace, configMap, changes);
      }
      return new AppliedFlags(wantedSet.hash(), changes);
    });
  }

  private ConfigMap read(String namespace, String name, RenderedFlags wanted) {
    return checked(objects.read(ConfigMap.class, namespace, name), namespace, name, wanted);
  }

  private ConfigMap readNow(String namespace, String name, RenderedFlags wanted) {
    return checked(objects.readNow(ConfigMap.class, namespace, name), namespace, name, wanted);
  }

  private static ConfigMap checked(Optional<ConfigMap> found, String namespace, String name, RenderedFlags wanted) {
    ConfigMap configMap = found.orElseThrow(() -> new MissingConfigMapException(namespace, name));
    Map<String, String> binary = configMap.getBinaryData();
    for (String key : wanted.ownedKeys()) {
      if (binary != null && binary.containsKey(key)) {
        throw new InvalidFlagsException("ConfigMap " + namespace + "/" + name + " holds flag key '" + key
            + "' in binaryData: move it to data or choose another key in spec.flags.keys");
      }
    }
    return configMap;
  }

  /**
   * A JSON patch (RFC 6902) rather than a merge patch: the mock API server of the tests keeps a
   * merge patch's null as a value instead of removing the key, while {@code remove} works on both.
   * Replacing metadata.resourceVersion with the one read makes the API server refuse (409) the
   * patch when the ConfigMap changed since.
   */
  private void patch(String namespace, ConfigMap read, List<KeyChange> changes) {
    ArrayNode patch = JSON.createArrayNode();
    patch.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
        .put("value", read.getMetadata().getResourceVersion());
    if (read.getData() == null) {
      patch.addObject().put("op", "add").put("path", "/data").putObject("value");
    }
    for (KeyChange change : changes) {
      String path = "/data/" + change.key().replace("~", "~0").replace("/", "~1");
      if (change.wanted() == null) {
        patch.addObject().put("op", "remove").put("path", path);
      } else {
        patch.addObject().put("op", "add").put("path", path).put("value", change.wanted());
      }
    }
    String name = read.getMetadata().getName();
    try {
      objects.wrote(read, resource(namespace, name).patch(PatchContext.of(PatchType.JSON), patch.toString()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        throw new MissingConfigMapException(namespace, name);
      }
      throw e;
    }
  }

  private Resource<ConfigMap> resource(String namespace, String name) {
    return client.configMaps().inNamespace(namespace).withName(name);
  }
}
