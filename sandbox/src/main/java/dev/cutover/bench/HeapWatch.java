package dev.cutover.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use while one contender runs, two ways: the peak of the heap pools (what the JVM had to
 * hold, garbage included, so mostly the young generation's size) and the largest heap left after a
 * garbage collection (what the contender kept alive: the number that must stay flat in table size).
 */
final class HeapWatch implements NotificationListener, AutoCloseable {
  /** What a contender used; {@code liveAfterGc} is -1 when no collection ran. */
  record HeapUse(long peakBytes, long liveAfterGcBytes, int collections) {}

  private static final Set<String> EVACUATIONS = Set.of("end of minor GC", "end of major GC");

  private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
  private final Set<String> heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName)
      .collect(Collectors.toUnmodifiableSet());
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final Map<String, Long> collectionsAtReset = new ConcurrentHashMap<>();
  private final AtomicLong liveAfterGc = new AtomicLong(-1);
  private final AtomicInteger collections = new AtomicInteger();

  HeapWatch() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(this, null, null);
        emitters.add(emitter);
      }
    }
  }

  /** Starts a contender from a collected heap and fresh peaks. */
  void reset() {
    System.gc();
    // Notifications arrive late on another thread: the collection above must not count.
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      collectionsAtReset.put(collector.getName(), collector.getCollectionCount());
    }
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    liveAfterGc.set(-1);
    collections.set(0);
  }

  HeapUse read() {
    long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    return new HeapUse(peak, liveAfterGc.get(), collections.get());
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    if (info.getGcInfo().getId() <= collectionsAtReset.getOrDefault(info.getGcName(), 0L)
        || !EVACUATIONS.contains(info.getGcAction())) {
      return; // a collection before the reset, or a concurrent-cycle pause that leaves eden full
    }
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPoolNames.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    liveAfterGc.accumulateAndGet(used, Math::max);
    collections.incrementAndGet();
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(this);
      } catch (ListenerNotFoundException e) {
        // never added; nothing to remove
      }
    }
  }
}
