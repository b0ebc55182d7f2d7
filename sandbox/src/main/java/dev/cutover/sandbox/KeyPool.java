package dev.cutover.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The keys of one table the application believes exist, to pick rows to update, delete or
 * reference. A hint only: the primary decides whether a write found its row.
 */
final class KeyPool {
  private final List<List<String>> keys = new ArrayList<>();
  private final Map<List<String>, Integer> positions = new HashMap<>();

  synchronized void add(List<String> key) {
    if (!positions.containsKey(key)) {
      positions.put(key, keys.size());
      keys.add(key);
    }
  }

  synchronized void remove(List<String> key) {
    Integer position = positions.remove(key);
    if (position == null) {
      return;
    }
    List<String> last = keys.remove(keys.size() - 1);
    if (position < keys.size()) {
      keys.set(position, last);
      positions.put(last, position);
    }
  }

  synchronized Optional<List<String>> pick(Random random) {
    return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(random.nextInt(keys.size())));
  }

  synchronized int size() {
    return keys.size();
  }
}
