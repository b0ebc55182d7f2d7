package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodSpecResolutionTest {
  final MountPaths paths = new MountPaths(Map.of(
      "/etc/cutover", Path.of("/tmp/pod/volumes/cutover-migration"),
      "/etc/cutover/fdb/", Path.of("/tmp/pod/volumes/cutover-fdb")));

  @Test
  void containerPathsAreRewrittenThroughTheLongestMount() {
    assertThat(paths.rewrite("/etc/cutover/migration.yaml")).isEqualTo("/tmp/pod/volumes/cutover-migration/migration.yaml");
    assertThat(paths.rewrite("/etc/cutover/fdb/fdb.cluster")).isEqualTo("/tmp/pod/volumes/cutover-fdb/fdb.cluster");
    assertThat(paths.rewrite("--file=/etc/cutover/migration.yaml"))
        .isEqualTo("--file=/tmp/pod/volumes/cutover-migration/migration.yaml");
    assertThat(paths.rewrite("/etc/cutover")).isEqualTo("/tmp/pod/volumes/cutover-migration");
  }

  @Test
  void pathsThatOnlyLookLikeAMountAreLeftAlone() {
    assertThat(paths.rewrite("/etc/cutoverx/a")).isEqualTo("/etc/cutoverx/a");
    assertThat(paths.rewrite("/var/etc/cutover/a")).isEqualTo("/var/etc/cutover/a");
    assertThat(paths.rewrite("verify")).isEqualTo("verify");
    assertThat(new MountPaths(Map.of()).rewrite("/etc/cutover/x")).isEqualTo("/etc/cutover/x");
  }

  @Test
  void variablesExpandAsKubernetesDoes() {
    Map<String, String> env = Map.of("INDEX", "2", "DIR", "/etc/cutover");
    assertThat(PodEnvironment.expand("part-$(INDEX)", env)).isEqualTo("part-2");
    assertThat(PodEnvironment.expand("$(DIR)/migration.yaml", env)).isEqualTo("/etc/cutover/migration.yaml");
    assertThat(PodEnvironment.expand("$(UNDEFINED)", env)).isEqualTo("$(UNDEFINED)");
    assertThat(PodEnvironment.expand("$$(INDEX) costs $$5", env)).isEqualTo("$(INDEX) costs $5");
  }

  @Test
  void downwardApiResolvesAnnotationsLabelsAndNames() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p-0").withNamespace("ns").withUid("u1")
        .addToAnnotations("cutover.dev/migration", "kind: Migration\n").addToLabels("b", "2").addToLabels("a", "1")
        .endMetadata().withNewSpec().endSpec().build();

    assertThat(FieldPaths.value(pod, "metadata.annotations['cutover.dev/migration']")).isEqualTo("kind: Migration\n");
    assertThat(FieldPaths.value(pod, "metadata.name")).isEqualTo("p-0");
    assertThat(FieldPaths.value(pod, "metadata.labels")).isEqualTo("a=\"1\"\nb=\"2\"\n");
    assertThat(FieldPaths.value(pod, "metadata.labels['missing']")).isEmpty();
    assertThatThrownBy(() -> FieldPaths.value(pod, "spec.containers[0].image")).hasMessageContaining("spec.containers[0].image");
  }

  static Job job(Integer completions, Integer backoffLimit, String mode) {
    return new JobBuilder().withNewMetadata().withName("j").withUid("uid").endMetadata()
        .withNewSpec().withCompletions(completions).withParallelism(completions).withBackoffLimit(backoffLimit)
        .withCompletionMode(mode).endSpec().build();
  }

  @Test
  void aFailedPodIsReplacedUntilTheBackoffLimitIsExceeded() {
    JobRun run = new JobRun(job(1, 1, null));
    assertThat(run.startNext()).contains(0);
    run.podFinished(0, false);
    assertThat(run.terminal()).isFalse();
    assertThat(run.startNext()).contains(0);
    run.podFinished(0, false);

    assertThat(run.terminal()).isTrue();
    assertThat(run.startNext()).isEmpty();
    assertThat(run.status().getFailed()).isEqualTo(2);
    assertThat(run.status().getConditions()).extracting(c -> c.getType() + "/" + c.getReason())
        .containsExactly("FailureTarget/BackoffLimitExceeded", "Failed/BackoffLimitExceeded");
  }

  @Test
  void anIndexedJobCompletesWhenEveryIndexSucceeded() {
    JobRun run = new JobRun(job(3, 0, "Indexed"));
    assertThat(List.of(run.startNext(), run.startNext(), run.startNext(), run.startNext()))
        .extracting(o -> o.orElse(-1)).containsExactly(0, 1, 2, -1);
    run.podFinished(2, true);
    run.podFinished(0, true);
    assertThat(run.status().getCompletedIndexes()).isEqualTo("0,2");
    assertThat(run.status().getActive()).isEqualTo(1);
    run.podFinished(1, true);

    assertThat(run.status().getCompletedIndexes()).isEqualTo("0-2");
    assertThat(run.status().getConditions()).extracting(c -> c.getType()).containsExactly("SuccessCriteriaMet", "Complete");
    assertThat(run.status().getCompletionTime()).isNotNull();
  }

  @Test
  void completedIndexesAreWrittenAsRanges() {
    assertThat(JobRun.ranges(new TreeSet<>(List.of(0, 1, 2, 4, 6, 7)))).isEqualTo("0-2,4,6-7");
    assertThat(JobRun.ranges(new TreeSet<>())).isEmpty();
  }
}
