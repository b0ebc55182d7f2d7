package dev.cutover.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading requests and rules, so a recorded operator run can be checked against rbac.yaml. */
class RbacRulesTest {

  @Test
  void requestsBecomeTheVerbsRbacChecks() {
    assertThat(ApiRequest.of("GET", "/apis/cutover.dev/v1alpha1/migrations?watch=true&resourceVersion=1"))
        .isEqualTo(new ApiRequest("cutover.dev", "migrations", "watch", null, null));
    assertThat(ApiRequest.of("GET", "/apis/cutover.dev/v1alpha1/migrations"))
        .isEqualTo(new ApiRequest("cutover.dev", "migrations", "list", null, null));
    assertThat(ApiRequest.of("PATCH", "/apis/cutover.dev/v1alpha1/namespaces/tea/migrations/teaelephant/status"))
        .isEqualTo(new ApiRequest("cutover.dev", "migrations/status", "patch", "tea", "teaelephant"));
    assertThat(ApiRequest.of("GET", "/api/v1/namespaces/tea/configmaps/flags"))
        .isEqualTo(new ApiRequest("", "configmaps", "get", "tea", "flags"));
    assertThat(ApiRequest.of("POST", "/apis/batch/v1/namespaces/tea/jobs"))
        .isEqualTo(new ApiRequest("batch", "jobs", "create", "tea", null));
    assertThat(ApiRequest.of("DELETE", "/apis/batch/v1/namespaces/tea/jobs/t-backfill-x"))
        .isEqualTo(new ApiRequest("batch", "jobs", "delete", "tea", "t-backfill-x"));
    assertThat(ApiRequest.of("DELETE", "/apis/batch/v1/namespaces/tea/jobs?labelSelector=a"))
        .isEqualTo(new ApiRequest("batch", "jobs", "deletecollection", "tea", null));
    assertThat(ApiRequest.of("GET", "/api/v1/namespaces/tea")).isEqualTo(new ApiRequest("", "namespaces", "get", "tea", "tea"));
  }

  @Test
  void aRuleLimitedToNamesCoversOnlyThoseObjects() {
    RbacRules rules = RbacRules.load();

    assertThat(rules.allows(ApiRequest.of("PUT", "/apis/coordination.k8s.io/v1/namespaces/cutover-system/leases/cutover-operator")))
        .isTrue();
    assertThat(rules.allows(ApiRequest.of("PUT", "/apis/coordination.k8s.io/v1/namespaces/cutover-system/leases/other")))
        .isFalse();
    assertThat(rules.allows(ApiRequest.of("POST", "/apis/coordination.k8s.io/v1/namespaces/cutover-system/leases"))).isTrue();
  }

  @Test
  void theOperatorsCallsAreAllowedAndOthersReported() {
    RbacRules rules = RbacRules.load();
    List<ApiRequest> run = List.of(
        ApiRequest.of("GET", "/apis/cutover.dev/v1alpha1/migrations?watch=true"),
        ApiRequest.of("PUT", "/apis/cutover.dev/v1alpha1/namespaces/tea/migrations/m/status"),
        ApiRequest.of("PATCH", "/api/v1/namespaces/tea/configmaps/flags"),
        ApiRequest.of("POST", "/apis/batch/v1/namespaces/tea/jobs"),
        ApiRequest.of("PUT", "/apis/coordination.k8s.io/v1/namespaces/cutover-system/leases/cutover-operator"),
        ApiRequest.of("PUT", "/api/v1/namespaces/tea/configmaps/flags"),
        ApiRequest.of("GET", "/api/v1/namespaces/tea/secrets"));

    assertThat(rules.missing(run)).extracting(ApiRequest::toString)
        .containsExactly("core configmaps flags update in tea", "core secrets list in tea");
    assertThat(rules.unused(run)).extracting(RbacRules.Permission::triple)
        .contains("batch jobs delete", "core secrets get").doesNotContain("batch jobs create");
  }
}
