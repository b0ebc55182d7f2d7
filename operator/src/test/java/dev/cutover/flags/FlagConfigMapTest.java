package dev.cutover.flags;

import static dev.cutover.flags.FlagFixtures.CONFIG_MAP;
import static dev.cutover.flags.FlagFixtures.NAMESPACE;
import static dev.cutover.flags.FlagFixtures.applicationConfigMap;
import static dev.cutover.flags.FlagFixtures.cohort;
import static dev.cutover.flags.FlagFixtures.envFlags;
import static dev.cutover.flags.FlagFixtures.flagdFlags;
import static dev.cutover.flags.FlagFixtures.migration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class FlagConfigMapTest {
  private static final Map<String, String> APPLICATION_KEYS = Map.of(
      "LOG_LEVEL", "info",
      "FF_NEW_CHECKOUT", "true",
      "application.yaml", "server:\n  port: 8080\n");

  KubernetesMockServer server;
  KubernetesClient client;
  private FlagConfigMap flagConfigMap;
  private final Migration migration = migration(envFlags());

  @BeforeEach
  void createApplicationConfigMap() {
    client.resource(applicationConfigMap(APPLICATION_KEYS)).create();
    flagConfigMap = new FlagConfigMap(client);
  }

  private Map<String, String> data() {
    return client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).get().getData();
  }

  @Test
  void applyWritesTheFlagKeysAndKeepsEveryOtherKey() {
    AppliedFlags applied = flagConfigMap.apply(migration, FlagValues.forPhase(Phase.SHADOW));

    assertThat(data()).containsAllEntriesOf(APPLICATION_KEYS).containsOnlyKeys(
        "LOG_LEVEL", "FF_NEW_CHECKOUT", "application.yaml",
        "DATABASE_BACKEND", "FF_PG_DUAL_WRITE", "FF_PG_READ_PERCENT");
    assertThat(data()).contains(entry("DATABASE_BACKEND", "foundationdb"), entry("FF_PG_DUAL_WRITE", "true"),
        entry("FF_PG_READ_PERCENT", "0"));
    assertThat(applied.changed()).isTrue();
    assertThat(applied.changes()).extracting(KeyChange::key)
        .containsExactly("DATABASE_BACKEND", "FF_PG_DUAL_WRITE", "FF_PG_READ_PERCENT");
    assertThat(applied.hash()).isEqualTo(RenderedFlags.of(envFlags(), FlagValues.forPhase(Phase.SHADOW)).hash());
  }

  @Test
  void walkingEveryPhaseKeepsTheApplicationKeys() {
    for (Phase phase : Phase.values()) {
      flagConfigMap.apply(migration, FlagValues.forPhase(phase));
      client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP)
          .edit(cm -> { cm.getData().put("EDITED_BY_APP_TEAM_IN_" + phase, "yes"); return cm; });

      assertThat(flagConfigMap.observe(migration, FlagValues.forPhase(phase)).expressed())
          .map(FlagValues::phase).contains(phase);
      assertThat(data()).containsAllEntriesOf(APPLICATION_KEYS).containsKey("EDITED_BY_APP_TEAM_IN_" + Phase.OLD);
    }
    assertThat(data()).contains(entry("DATABASE_BACKEND", "postgres"), entry("FF_PG_DUAL_WRITE", "false"),
        entry("FF_PG_READ_PERCENT", "100"));
  }

  @Test
  void applyingTheSameValuesAgainDoesNotPatch() {
    flagConfigMap.apply(migration, FlagValues.forPhase(Phase.SHADOW));
    String resourceVersion = client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).get()
        .getMetadata().getResourceVersion();

    AppliedFlags again = flagConfigMap.apply(migration, FlagValues.forPhase(Phase.SHADOW));

    assertThat(again.changed()).isFalse();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).get().getMetadata()
        .getResourceVersion()).isEqualTo(resourceVersion);
  }

  @Test
  void handEditIsReportedAsDriftAndPutBack() {
    AppliedFlags applied = flagConfigMap.apply(migration, FlagValues.forPhase(Phase.SHADOW, 10, List.of()));
    client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP)
        .edit(cm -> { cm.getData().put("FF_PG_READ_PERCENT", "100"); return cm; });
    FlagValues wanted = FlagValues.forPhase(Phase.SHADOW, 10, List.of());

    FlagObservation observed = flagConfigMap.observe(migration, wanted);

    assertThat(observed.drifted(applied.hash())).isTrue();
    assertThat(observed.differences()).containsExactly(new KeyChange("FF_PG_READ_PERCENT", "100", "10"));
    assertThat(observed.describeDifferences()).isEqualTo("FF_PG_READ_PERCENT: '100' -> '10'");
    assertThat(observed.expressed()).map(FlagValues::readPercent).contains(100);

    AppliedFlags reasserted = flagConfigMap.apply(migration, wanted);

    assertThat(reasserted.changes()).containsExactly(new KeyChange("FF_PG_READ_PERCENT", "100", "10"));
    assertThat(reasserted.hash()).isEqualTo(applied.hash());
    assertThat(data()).containsEntry("FF_PG_READ_PERCENT", "10").containsAllEntriesOf(APPLICATION_KEYS);
    assertThat(flagConfigMap.observe(migration, wanted).inSync()).isTrue();
  }

  @Test
  void aPhaseStepIsNotDrift() {
    AppliedFlags applied = flagConfigMap.apply(migration, FlagValues.forPhase(Phase.OLD));

    FlagObservation observed = flagConfigMap.observe(migration, FlagValues.forPhase(Phase.SHADOW));

    assertThat(observed.inSync()).isFalse();
    assertThat(observed.drifted(applied.hash())).isFalse();
    assertThat(observed.currentHash()).isEqualTo(applied.hash());
    assertThat(observed.expressed()).contains(FlagValues.forPhase(Phase.OLD));
  }

  @Test
  void cohortsKeyIsAddedWhileRampingAndRemovedAfter() {
    var cohorts = List.of(cohort("userId", "123"));
    flagConfigMap.apply(migration, FlagValues.forPhase(Phase.SHADOW, 10, cohorts));
    assertThat(data()).containsEntry("FF_PG_READ_COHORTS", "[{\"attribute\":\"userId\",\"values\":[\"123\"]}]");

    AppliedFlags droppedToZero = flagConfigMap.apply(migration, FlagValues.forPhase(Phase.SHADOW, 0, cohorts));

    assertThat(data()).doesNotContainKey("FF_PG_READ_COHORTS").containsEntry("FF_PG_READ_PERCENT", "0")
        .containsAllEntriesOf(APPLICATION_KEYS);
    assertThat(droppedToZero.changes()).extracting(KeyChange::key)
        .containsExactly("FF_PG_READ_COHORTS", "FF_PG_READ_PERCENT");
  }

  @Test
  void cohortsKeyLeftFromAnEarlierRunIsRemovedButNotOtherKeys() {
    client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP)
        .edit(cm -> { cm.getData().put("FF_PG_READ_COHORTS", "[]"); return cm; });

    flagConfigMap.apply(migration, FlagValues.forPhase(Phase.OLD));

    assertThat(data()).doesNotContainKey("FF_PG_READ_COHORTS").containsAllEntriesOf(APPLICATION_KEYS);
  }

  @Test
  void flagdDocumentIsWrittenIntoItsOneKey() {
    Migration flagd = migration(flagdFlags());

    AppliedFlags applied = flagConfigMap.apply(flagd, FlagValues.forPhase(Phase.SHADOW, 50, List.of()));

    assertThat(data()).containsAllEntriesOf(APPLICATION_KEYS).containsOnlyKeys(
        "LOG_LEVEL", "FF_NEW_CHECKOUT", "application.yaml", "flags.flagd.json");
    assertThat(data().get("flags.flagd.json")).contains("\"fractional\"");
    FlagObservation observed = flagConfigMap.observe(flagd, FlagValues.forPhase(Phase.SHADOW, 50, List.of()));
    assertThat(observed.inSync()).isTrue();
    assertThat(observed.currentHash()).isEqualTo(applied.hash());
    assertThat(observed.expressed()).contains(FlagValues.forPhase(Phase.SHADOW, 50, List.of()));
  }

  @Test
  void missingConfigMapIsReportedByNamespaceAndName() {
    client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).delete();

    assertThatThrownBy(() -> flagConfigMap.apply(migration, FlagValues.forPhase(Phase.SHADOW)))
        .isInstanceOfSatisfying(MissingConfigMapException.class, e -> {
          assertThat(e.namespace()).isEqualTo(NAMESPACE);
          assertThat(e.name()).isEqualTo(CONFIG_MAP);
        })
        .hasMessageContaining("ConfigMap tea/teaelephant-server-flags")
        .hasMessageContaining("never creates it");
    assertThatThrownBy(() -> flagConfigMap.observe(migration, FlagValues.forPhase(Phase.SHADOW)))
        .isInstanceOf(MissingConfigMapException.class);
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).get()).isNull();
  }

  @Test
  void flagKeyHeldInBinaryDataIsRefused() {
    client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP)
        .edit(cm -> { cm.setBinaryData(Map.of("FF_PG_DUAL_WRITE", "dHJ1ZQ==")); return cm; });

    assertThatThrownBy(() -> flagConfigMap.apply(migration, FlagValues.forPhase(Phase.SHADOW)))
        .isInstanceOf(InvalidFlagsException.class)
        .hasMessageContaining("'FF_PG_DUAL_WRITE' in binaryData");
  }

  @Test
  void concurrentEditMakesItReadAgainAndKeepsTheOtherWritersKey() {
    AtomicInteger racesLeft = new AtomicInteger(2);
    AtomicInteger patches = new AtomicInteger();
    try (KubernetesClient racing = clientThatEditsBeforeEachPatch(racesLeft, patches)) {
      AppliedFlags applied = new FlagConfigMap(racing).apply(migration, FlagValues.forPhase(Phase.SHADOW));

      assertThat(patches).hasValue(3);
      assertThat(applied.changed()).isTrue();
      assertThat(data()).containsEntry("FF_PG_DUAL_WRITE", "true")
          .containsEntry("RACE", "0").containsAllEntriesOf(APPLICATION_KEYS);
    }
  }

  @Test
  void editsThatNeverStopEndInAConflictErrorAfterBoundedAttempts() {
    AtomicInteger patches = new AtomicInteger();
    try (KubernetesClient racing = clientThatEditsBeforeEachPatch(new AtomicInteger(100), patches)) {
      assertThatThrownBy(() -> new FlagConfigMap(racing).apply(migration, FlagValues.forPhase(Phase.SHADOW)))
          .isInstanceOf(ConflictingEditsException.class)
          .hasMessageContaining("ConfigMap tea/teaelephant-server-flags")
          .hasMessageContaining("409");
      assertThat(patches).hasValue(ConflictRetry.MAX_ATTEMPTS);
      assertThat(data()).doesNotContainKey("FF_PG_DUAL_WRITE");
    }
  }

  /**
   * A client whose PATCH requests are each preceded, while {@code racesLeft} lasts, by another
   * writer's edit of the ConfigMap, so the patch carries a stale resourceVersion.
   */
  private KubernetesClient clientThatEditsBeforeEachPatch(AtomicInteger racesLeft, AtomicInteger patches) {
    Interceptor otherWriter = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
        if ("PATCH".equals(request.method())) {
          patches.incrementAndGet();
          if (racesLeft.getAndDecrement() > 0) {
            client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP)
                .edit(cm -> { cm.getData().put("RACE", String.valueOf(racesLeft.get())); return cm; });
          }
        }
      }
    };
    return server.createClient(b -> b.withHttpClientBuilderConsumer(
        http -> http.addOrReplaceInterceptor("other-writer", otherWriter)));
  }
}
