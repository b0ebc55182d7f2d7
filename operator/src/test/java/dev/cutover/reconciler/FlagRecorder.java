package dev.cutover.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records every distinct value of the three flags, in order, with when it was seen. */
final class FlagRecorder implements AutoCloseable {
  record Seen(String backend, String dualWrite, String readPercent, Instant at) {
    String flags() {
      return backend + "," + dualWrite + "," + readPercent;
    }
  }

  private final List<Seen> seen = new ArrayList<>();
  private final Watch watch;

  FlagRecorder(OperatorFixture fixture) {
    watch = fixture.cluster.client.configMaps().inNamespace(OperatorFixture.NAMESPACE)
        .withName(OperatorFixture.CONFIG_MAP).watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, ConfigMap configMap) {
            record(configMap.getData());
          }

          @Override
          public void onClose(WatcherException cause) {}
        });
  }

  private synchronized void record(Map<String, String> data) {
    if (data == null || data.get("DATABASE_BACKEND") == null) {
      return;
    }
    Seen next = new Seen(data.get("DATABASE_BACKEND"), data.get("FF_PG_DUAL_WRITE"), data.get("FF_PG_READ_PERCENT"), Instant.now());
    if (seen.isEmpty() || !seen.get(seen.size() - 1).flags().equals(next.flags())) {
      seen.add(next);
    }
  }

  synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  synchronized List<String> sequence() {
    return seen.stream().map(Seen::flags).toList();
  }

  @Override
  public void close() {
    watch.close();
  }
}
