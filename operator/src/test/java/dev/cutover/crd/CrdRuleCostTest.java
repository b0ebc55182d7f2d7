package dev.cutover.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API server prices every rule of a CRD when the CRD is applied and refuses it over budget:
 * estimated cost times cardinality at most 10 million per rule, 100 million for the CRD. The
 * estimate needs bounds on every string a rule touches and every list it iterates.
 */
class CrdRuleCostTest {
  private static final List<RuleSite> RULES = ApiServerAdmission.ofCheckedInCrd().ruleSites();

  @Test
  void everyRuleFitsThePerRuleBudget() {
    assertThat(RULES).isNotEmpty().allSatisfy(site ->
        assertThat(RuleCost.priced(site))
            .as("%s costs %s x cardinality %d", site, RuleCost.of(site), site.cardinality())
            .isLessThanOrEqualTo(RuleCost.PER_RULE_LIMIT));
  }

  @Test
  void allRulesTogetherFitTheCrdBudget() {
    long total = RULES.stream().mapToLong(RuleCost::priced).sum();

    assertThat(total).as(report()).isLessThanOrEqualTo(RuleCost.PER_CRD_LIMIT);
  }

  @Test
  void everyStringARuleTouchesAndEveryListItIteratesIsBounded() {
    List<String> unbounded = RULES.stream()
        .flatMap(site -> RuleCost.touchedBy(site).stream()
            .filter(touched -> touched.bound() == null)
            .map(touched -> site.location() + ": " + touched.path() + " (" + touched.type() + ")"))
        .toList();

    assertThat(unbounded).isEmpty();
  }

  @Test
  void theColumnsRuleIsTheDearestAndKeepsAMarginUnderTheBudget() {
    RuleSite columns = RULES.stream().filter(site -> site.rule().contains("k in self.columns")).findFirst().orElseThrow();

    assertThat(columns.cardinality()).isEqualTo(200);
    assertThat(RuleCost.priced(columns)).isBetween(RuleCost.PER_RULE_LIMIT / 2, RuleCost.PER_RULE_LIMIT * 3 / 4);
    assertThat(RuleCost.touchedBy(columns)).extracting(RuleCost.Touched::path)
        .contains("primaryKey", "columns", "primaryKey.@items");
  }

  private static String report() {
    return RULES.stream()
        .map(site -> String.format("%,12d  %s", RuleCost.priced(site), site))
        .collect(Collectors.joining("\n", "priced rules:\n", ""));
  }
}
