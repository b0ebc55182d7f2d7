package dev.cutover.bench;

import dev.cutover.reconciler.CutoverOperator;
import dev.cutover.reconciler.OperatorSettings;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator in a JVM of its own, for {@link HeapBench}: started against the API server at
 * {@code args[0]}, it answers {@code measure} on stdin with its live heap after full collections
 * ({@code live <bytes>}), so that the objects the API server stores are not counted with it.
 */
public final class HeapProbe {
  private HeapProbe() {}

  public static void main(String[] args) throws Exception {
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl(args[0]).withNamespace(null).build()).build();
    try (CutoverOperator operator = CutoverOperator.start(client,
        new OperatorSettings(OperatorSettings.DEFAULT_WORKER_IMAGE, 0, Optional.empty(), "heap-bench", Duration.ofSeconds(2)))) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        if (line.equals("measure")) {
          System.out.println("live " + liveHeap());
          System.out.flush();
        }
      }
    } finally {
      client.close();
    }
  }

  /** Heap in use after full collections, once two in a row agree within 1 %. */
  static long liveHeap() throws InterruptedException {
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(200);
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < used / 100) {
        return used;
      }
      previous = Math.min(previous, used);
    }
    return previous;
  }
}
