package dev.cutover.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import dev.cutover.deployment.ApiRequest;
import dev.cutover.deployment.RbacRules;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The ClusterRole in deployment/rbac.yaml against the API calls the operator really makes: every
 * call of a walk from old to new (with a rollback and a hand-edited flag) must be allowed, and
 * every rule must be one the operator uses.
 */
class RbacCoverageTest {

  /** Rules the walk does not exercise, each for a stated reason. */
  static final Set<String> EXERCISED_ELSEWHERE = Set.of(
      "apps statefulsets get",            // restartWorkloads of kind StatefulSet (the walk restarts a Deployment)
      "apps statefulsets patch",
      "cutover.dev migrations get",       // re-read after a conflicting status write
      "cutover.dev migrations/finalizers update", // checked by admission for blockOwnerDeletion, never called
      "batch jobs delete",                // pruning, after more than three finished runs of a kind
      "coordination.k8s.io leases get",   // leader election, off in-process
      "coordination.k8s.io leases create",
      "coordination.k8s.io leases update");

  @Test
  void theOperatorMakesNoCallItsRoleDoesNotAllowAndNeedsEveryRuleItHas() throws Exception {
    List<ApiRequest> calls = new ArrayList<>();
    try (OperatorFixture fixture = new OperatorFixture()) {
      fixture.apply(OperatorFixture.migration("tea", Phase.REVERSE_SHADOW));
      fixture.awaitStatus("tea", m -> m.getStatus().phase == Phase.REVERSE_SHADOW && m.getStatus().step == Step.Complete,
          Duration.ofSeconds(90));
      fixture.setPhase("tea", Phase.SHADOW);
      fixture.awaitStatus("tea", m -> m.getStatus().phase == Phase.SHADOW, Duration.ofSeconds(30));
      RecordedRequest request;
      while ((request = fixture.cluster.server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
        if (OperatorFixture.OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
          calls.add(ApiRequest.of(request.getMethod(), request.getPath()));
        }
      }
    }
    RbacRules rules = RbacRules.load();

    assertThat(calls).as("API calls the operator made").isNotEmpty();
    assertThat(rules.missing(calls)).as("calls the ClusterRole does not allow").isEmpty();
    Set<String> unused = rules.unused(calls).stream().map(RbacRules.Permission::triple).collect(Collectors.toSet());
    assertThat(unused).as("rules no call of the walk used, beyond those with a stated reason")
        .isSubsetOf(EXERCISED_ELSEWHERE);
  }
}
