package dev.cutover.reconciler;

import dev.cutover.api.Migration;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on a Migration, so that {@code kubectl describe mig} tells the story. */
public class MigrationEvents {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationEvents.class);
  static final String COMPONENT = "cutover-operator";
  static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;

  public MigrationEvents(KubernetesClient client) {
    this.client = client;
  }

  public void normal(Migration migration, String reason, String message) {
    emit(migration, "Normal", reason, message);
  }

  public void warning(Migration migration, String reason, String message) {
    emit(migration, "Warning", reason, message);
  }

  private void emit(Migration migration, String type, String reason, String message) {
    String now = Instant.now().toString();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(migration.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
        .withNamespace(migration.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(migration.getApiVersion())
            .withKind(migration.getKind())
            .withName(migration.getMetadata().getName())
            .withNamespace(migration.getMetadata().getNamespace())
            .withUid(migration.getMetadata().getUid())
            .withResourceVersion(migration.getMetadata().getResourceVersion())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(text)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    LOG.info("{} {}: {}", type, reason, text);
    try {
      client.v1().events().inNamespace(migration.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An Event is best effort: the status carries the same facts.
      LOG.warn("could not record Event {} on Migration {}: {}", reason, migration.getMetadata().getName(), e.getMessage());
    }
  }
}
