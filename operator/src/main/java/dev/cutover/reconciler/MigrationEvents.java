package dev.cutover.reconciler;

import dev.cutover.api.Migration;
import dev.cutover.phase.Action.EventType;
import dev.cutover.phase.EventReason;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a Migration, so that {@code kubectl describe mig} tells the story, aggregated
 * as client-go's recorder does: a repeat of the same type, reason and message on the same Migration
 * bumps the count and lastTimestamp of one Event instead of creating another. The Event's name is a
 * hash of the Migration's uid, type, reason and message ({@link EventReason#countsAcrossMessages}
 * leaves the message out), so a restarted operator finds the Event it wrote before.
 */
public class MigrationEvents {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationEvents.class);
  static final String COMPONENT = "cutover-operator";
  static final int MAX_MESSAGE = 1024;
  /** Events remembered for counting; older ones are read back from the API server when they repeat. */
  static final int REMEMBERED = 1024;
  private static final int MAX_NAME = 253;
  private static final int HASH_CHARS = 16;

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Integer> counts = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
      return size() > REMEMBERED;
    }
  };

  public MigrationEvents(KubernetesClient client) {
    this(client, Clock.systemUTC());
  }

  MigrationEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(Migration migration, EventReason reason, String message) {
    record(migration, EventType.Normal, reason, message);
  }

  public void warning(Migration migration, EventReason reason, String message) {
    record(migration, EventType.Warning, reason, message);
  }

  /** Records the Event, or counts one more of it. Best effort: the status carries the same facts. */
  public void record(Migration migration, EventType type, EventReason reason, String message) {
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
    String name = nameOf(migration, type, reason, text);
    LOG.info("{} {}: {}", type, reason, text);
    try {
      synchronized (counts) {
        Integer seen = counts.get(name);
        OptionalInt bumped = seen == null ? OptionalInt.empty() : bump(migration, name, seen + 1, text);
        counts.put(name, bumped.isPresent() ? bumped.getAsInt() : create(migration, name, type, reason, text));
      }
    } catch (KubernetesClientException e) {
      LOG.warn("could not record Event {} on Migration {}: {}", reason, migration.getMetadata().getName(), e.getMessage());
    }
  }

  /** {@code <migration>.<hash>}: deterministic, and within the 253 characters of an object name. */
  static String nameOf(Migration migration, EventType type, EventReason reason, String message) {
    String identity = String.join("\n", migration.getMetadata().getUid(), type.name(), reason.name(),
        reason.countsAcrossMessages() ? "" : message);
    String prefix = migration.getMetadata().getName();
    int room = MAX_NAME - HASH_CHARS - 1;
    String kept = prefix.length() > room ? prefix.substring(0, room).replaceAll("[^a-z0-9]+$", "") : prefix;
    return kept + "." + hash(identity);
  }

  private int create(Migration migration, String name, EventType type, EventReason reason, String text) {
    String now = now();
    Event event = new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(migration.getMetadata().getNamespace()).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(migration.getApiVersion())
            .withKind(migration.getKind())
            .withName(migration.getMetadata().getName())
            .withNamespace(migration.getMetadata().getNamespace())
            .withUid(migration.getMetadata().getUid())
            .build())
        .withType(type.name())
        .withReason(reason.name())
        .withMessage(text)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(migration.getMetadata().getNamespace()).resource(event).create();
      return 1;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Written by this operator before it restarted: carry its count on.
      Event existing = client.v1().events().inNamespace(migration.getMetadata().getNamespace()).withName(name).get();
      int count = existing == null || existing.getCount() == null ? 1 : existing.getCount() + 1;
      return bump(migration, name, count, text).orElse(1);
    }
  }

  /** Counts one more; empty when the Event is gone (the API server expires Events, an hour by default). */
  private OptionalInt bump(Migration migration, String name, int count, String text) {
    Map<String, Object> patch = Map.of("count", count, "lastTimestamp", now(), "message", text);
    try {
      client.v1().events().inNamespace(migration.getMetadata().getNamespace()).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(patch));
      return OptionalInt.of(count);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      return OptionalInt.empty();
    }
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String hash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
