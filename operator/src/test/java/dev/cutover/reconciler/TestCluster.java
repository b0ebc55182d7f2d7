package dev.cutover.reconciler;

import dev.cutover.api.Migration;
import dev.cutover.api.RepoPaths;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * An in-process API server (CRUD mode) with the checked-in Migration CRD installed, and a client.
 * The server runs no controllers: tests play the Job controller, the kubelet and the Deployment
 * controller by writing status themselves.
 */
final class TestCluster implements AutoCloseable {
  /** Loggers configured here are held so their level is not collected with them. */
  private static final java.util.List<java.util.logging.Logger> QUIET = new java.util.concurrent.CopyOnWriteArrayList<>();
  final KubernetesMockServer server;
  final KubernetesClient client;

  TestCluster() throws IOException {
    // The mock server logs every request through java.util.logging; keep test output readable.
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(java.util.logging.Level.WARNING);
    QUIET.add(root);
    server = new KubernetesMockServer(
        new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
        new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    try (InputStream crd = Files.newInputStream(RepoPaths.crd())) {
      client.apiextensions().v1().customResourceDefinitions()
          .resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
          .create();
    }
  }

  Migration migration(String namespace, String name) {
    return client.resources(Migration.class).inNamespace(namespace).withName(name).get();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
