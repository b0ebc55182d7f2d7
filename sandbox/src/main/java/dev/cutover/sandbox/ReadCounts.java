package dev.cutover.sandbox;

import dev.cutover.api.Phase;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Reads the application served from each store, per phase, and how many found no row. */
final class ReadCounts {
  private final Map<Phase, Map<Side, LongAdder>> served = new EnumMap<>(Phase.class);
  private final Map<Phase, Map<Side, LongAdder>> notFound = new EnumMap<>(Phase.class);

  ReadCounts() {
    for (Phase phase : Phase.values()) {
      served.put(phase, adders());
      notFound.put(phase, adders());
    }
  }

  private static Map<Side, LongAdder> adders() {
    Map<Side, LongAdder> adders = new EnumMap<>(Side.class);
    for (Side side : Side.values()) {
      adders.put(side, new LongAdder());
    }
    return adders;
  }

  void served(Phase phase, Side side, boolean found) {
    served.get(phase).get(side).increment();
    if (!found) {
      notFound.get(phase).get(side).increment();
    }
  }

  long served(Phase phase, Side side) {
    return served.get(phase).get(side).sum();
  }

  long notFound(Phase phase, Side side) {
    return notFound.get(phase).get(side).sum();
  }
}
