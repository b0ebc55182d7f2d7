package dev.cutover.flags;

import dev.cutover.api.Cohort;
import dev.cutover.api.FlagFormat;
import dev.cutover.api.FlagsSpec;
import dev.cutover.api.Migration;
import dev.cutover.api.WorkloadKind;
import dev.cutover.api.WorkloadReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** Migrations and ConfigMaps for the flag tests. */
final class FlagFixtures {
  static final String NAMESPACE = "tea";
  static final String CONFIG_MAP = "teaelephant-server-flags";

  private FlagFixtures() {}

  /** spec.flags as in samples/teaelephant-fdb-to-postgres.yaml: env format, default keys, foundationdb -> postgres. */
  static FlagsSpec envFlags() {
    FlagsSpec flags = new FlagsSpec();
    flags.configMap = CONFIG_MAP;
    return flags;
  }

  static FlagsSpec flagdFlags() {
    FlagsSpec flags = envFlags();
    flags.format = FlagFormat.FLAGD;
    return flags;
  }

  static Migration migration(FlagsSpec flags, WorkloadReference... restart) {
    Migration migration = new Migration();
    migration.setMetadata(new ObjectMetaBuilder().withName("teaelephant").withNamespace(NAMESPACE).build());
    migration.getSpec().flags = flags;
    flags.restartWorkloads = List.of(restart);
    return migration;
  }

  static WorkloadReference deployment(String name) {
    return new WorkloadReference(WorkloadKind.Deployment, name);
  }

  static WorkloadReference statefulSet(String name) {
    return new WorkloadReference(WorkloadKind.StatefulSet, name);
  }

  static Cohort cohort(String attribute, String... values) {
    Cohort cohort = new Cohort();
    cohort.attribute = attribute;
    cohort.values = List.of(values);
    return cohort;
  }

  /** The application's ConfigMap with some keys the operator does not own. */
  static ConfigMap applicationConfigMap(Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata().withName(CONFIG_MAP).withNamespace(NAMESPACE).endMetadata()
        .withData(data)
        .build();
  }
}
