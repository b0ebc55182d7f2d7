package dev.cutover.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import dev.cutover.deployment.ApiRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The operator caches what Migrations reference, nothing else, and finds what it created without a LIST. */
class MigrationCachesTest {
  private static final Set<String> CACHED_KINDS = Set.of("jobs", "pods", "configmaps", "deployments", "statefulsets");

  @Test
  void unrelatedConfigMapsWorkloadsJobsAndPodsAreNotCached() throws Exception {
    try (OperatorFixture fixture = new OperatorFixture()) {
      // No unrelated Jobs in the Migration's namespace: the cluster player would run them.
      addUnrelatedObjects(fixture.cluster.client, OperatorFixture.NAMESPACE, false);
      addUnrelatedObjects(fixture.cluster.client, "elsewhere", true);
      fixture.apply(OperatorFixture.migration("tea", Phase.SHADOW));
      fixture.awaitStatus("tea", m -> m.getStatus().phase == Phase.SHADOW && m.getStatus().step == Step.Complete,
          Duration.ofSeconds(60));
      Thread.sleep(1000); // watch events of anything unrelated would have arrived by now

      MigrationEventSources sources = fixture.eventSources();
      assertThat(names(sources.referenced(ConfigMap.class))).containsExactly(OperatorFixture.CONFIG_MAP);
      assertThat(names(sources.referenced(Deployment.class))).containsExactly("server");
      assertThat(names(sources.referenced(StatefulSet.class))).isEmpty();
      assertThat(names(sources.jobs())).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("tea-"));
      assertThat(names(sources.pods())).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("tea-"));
      assertThat(fixture.cluster.client.configMaps().inNamespace(OperatorFixture.NAMESPACE).withName(OperatorFixture.CONFIG_MAP)
          .get().getMetadata().getLabels()).containsEntry(CutoverConstants.LABEL_REFERENCED, "true");
    }
  }

  @Test
  void aWalkListsNothingAfterTheInformersStartedAndReadsTheReferencedObjectsFromTheCache() throws Exception {
    try (OperatorFixture fixture = new OperatorFixture()) {
      fixture.apply(OperatorFixture.migration("tea", Phase.SHADOW));
      fixture.awaitStatus("tea", m -> m.getStatus().phase == Phase.SHADOW && m.getStatus().step == Step.Complete,
          Duration.ofSeconds(60));
      List<ApiRequest> calls = fixture.operatorCalls();

      // One LIST per informer when it starts; pods may be listed again for a finished Job whose
      // pods' last update had not arrived yet, which is the one read outside the caches.
      assertThat(lists(calls, "jobs")).isEqualTo(1);
      assertThat(lists(calls, "configmaps")).isEqualTo(1);
      assertThat(lists(calls, "deployments")).isEqualTo(1);
      assertThat(lists(calls, "statefulsets")).isEqualTo(1);
      // Read twice from the API server: once before it was labelled (and so cached), once to confirm
      // that its flags differ from the status before the first write.
      assertThat(readsOutsideWrites(calls, "configmaps", OperatorFixture.CONFIG_MAP))
          .as("GETs of the flags ConfigMap other than fabric8's own before each patch").isEqualTo(2);
      assertThat(readsOutsideWrites(calls, "deployments", "server")).as("GETs of the restarted Deployment").isEqualTo(1);
    }
  }

  @Test
  void aJobJustCreatedIsFoundAgainBeforeItsWatchEventWithoutAList() throws Exception {
    // The Job informer selects nothing the operator creates: no watch event of a worker Job ever
    // arrives, so every later reconcile finds the Job only through JOSDK's recent-create cache.
    String hidden = MigrationEventSources.MANAGED + ",cutover.dev/never-set-on-a-job";
    try (OperatorFixture fixture = new OperatorFixture(() -> new MigrationEventSources(hidden))) {
      // The first Job of a walk to shadow is its preflight; it never finishes here.
      fixture.player.jobsRun = false;
      fixture.apply(OperatorFixture.migration("tea", Phase.SHADOW));
      Migration started = fixture.awaitStatus("tea",
          m -> m.getStatus().preflight != null && m.getStatus().preflight.job != null, Duration.ofSeconds(60));
      fixture.operatorCalls();
      Thread.sleep(7000); // several reconciles: the job poll interval in-process is 2 s

      List<ApiRequest> calls = fixture.operatorCalls();
      assertThat(fixture.player.jobs("preflight")).singleElement()
          .satisfies(job -> assertThat(job.getMetadata().getName()).isEqualTo(started.getStatus().preflight.job));
      Migration later = fixture.get("tea");
      assertThat(later.getStatus().preflight.state).isEqualTo(RunState.Running);
      assertThat(later.getStatus().preflight.job).isEqualTo(started.getStatus().preflight.job);
      assertThat(calls).as("calls after the Job was created").isNotEmpty();
      assertThat(calls).filteredOn(c -> c.resource().equals("jobs")).isEmpty();
      assertThat(lists(calls, "pods")).isZero();
    }
  }

  private static long lists(List<ApiRequest> calls, String resource) {
    return calls.stream().filter(c -> c.resource().equals(resource) && c.verb().equals("list")).count();
  }

  /** fabric8 reads an object before it patches it: that GET is part of the write, not a read of the reconcile. */
  private static long readsOutsideWrites(List<ApiRequest> calls, String resource, String name) {
    long reads = 0;
    for (int i = 0; i < calls.size(); i++) {
      ApiRequest call = calls.get(i);
      boolean get = call.resource().equals(resource) && call.verb().equals("get") && name.equals(call.name());
      boolean beforePatch = i + 1 < calls.size() && calls.get(i + 1).verb().equals("patch") && name.equals(calls.get(i + 1).name());
      if (get && !beforePatch) {
        reads++;
      }
    }
    return reads;
  }

  private static List<String> names(InformerEventSource<? extends HasMetadata, Migration> source) {
    return source.list(o -> true).map(o -> o.getMetadata().getName()).sorted().collect(Collectors.toList());
  }

  static void addUnrelatedObjects(KubernetesClient client, String namespace, boolean jobs) {
    if (client.namespaces().withName(namespace).get() == null) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }
    for (int i = 0; i < 20; i++) {
      client.resource(new ConfigMapBuilder().withNewMetadata().withName("unrelated-" + i).withNamespace(namespace)
          .endMetadata().addToData("k", "v".repeat(1024)).build()).create();
    }
    for (int i = 0; i < 5; i++) {
      client.resource(new DeploymentBuilder().withNewMetadata().withName("other-" + i).withNamespace(namespace).endMetadata()
          .withNewSpec().withReplicas(1).withNewTemplate().withNewMetadata().addToLabels("app", "other").endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
          .endTemplate().endSpec().build()).create();
      client.resource(new StatefulSetBuilder().withNewMetadata().withName("db-" + i).withNamespace(namespace).endMetadata()
          .withNewSpec().withReplicas(1).withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
          .endTemplate().endSpec().build()).create();
      if (jobs) {
        client.resource(new JobBuilder().withNewMetadata().withName("cron-" + i).withNamespace(namespace).endMetadata()
          .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
          .withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
      }
      client.resource(new PodBuilder().withNewMetadata().withName("pod-" + i).withNamespace(namespace)
          .addToLabels("app", "other").endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
    }
  }
}
