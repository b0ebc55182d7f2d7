package dev.cutover.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost estimate on small schemas whose cost can be worked out by hand from cel-go's rules. */
class RuleCostTest {

  @Test
  void aLoopCostsItsRangeTimesItsBody() {
    // all(): range self.steps = ident 1 + select 1; per item: @not_strictly_false(accu) 2,
    // accu && (s >= 1 && s <= 100) = 1 + (2 + 2) = 5; 10 items x 7 = 70; result ident 1: 73.
    RuleSite site = only("""
        type: object
        x-kubernetes-validations: [{rule: "self.steps.all(s, s >= 1 && s <= 100)"}]
        properties:
          steps: {type: array, maxItems: 10, items: {type: integer}}
        """);

    assertThat(RuleCost.of(site).max()).isEqualTo(73);
  }

  @Test
  void membershipInAListCostsTheListsSize() {
    // has 2 + "!" 1 = 3; all() over 4 keys of (2 + 1 + (k in columns: 100 + 1 + 2)) = 4 x 106; range 2; result 1
    RuleSite site = only("""
        type: object
        x-kubernetes-validations: [{rule: "!has(self.columns) || self.keys.all(k, k in self.columns)"}]
        properties:
          keys: {type: array, maxItems: 4, items: {type: string, maxLength: 10}}
          columns: {type: array, maxItems: 100, items: {type: string, maxLength: 10}}
        """);

    assertThat(RuleCost.of(site).max()).isEqualTo(3 + 2 + 4 * 106 + 1);
  }

  @Test
  void comparingStringsCostsATenthOfTheShorter() {
    RuleSite bounded = only("""
        type: object
        x-kubernetes-validations: [{rule: "self.a == self.b"}]
        properties: {a: {type: string, maxLength: 1000}, b: {type: string, maxLength: 95}}
        """);

    assertThat(RuleCost.of(bounded).max()).isEqualTo(10 + 4);
  }

  @Test
  void aListWithoutMaxItemsPricesTheRuleOutAndIsReported() {
    RuleSite site = only("""
        type: object
        x-kubernetes-validations: [{rule: "self.names.all(n, n != 'x')"}]
        properties:
          names: {type: array, items: {type: string, maxLength: 10}}
        """);

    assertThat(RuleCost.priced(site)).isGreaterThan(RuleCost.PER_RULE_LIMIT);
    assertThat(RuleCost.touchedBy(site)).contains(new RuleCost.Touched("names", "array", null));
  }

  @Test
  void aStringWithoutMaxLengthInALoopIsReported() {
    RuleSite site = only("""
        type: object
        x-kubernetes-validations: [{rule: "self.names.all(n, self.names.exists_one(m, m == n))"}]
        properties:
          names: {type: array, maxItems: 10, items: {type: string}}
        """);

    assertThat(RuleCost.priced(site)).isGreaterThan(RuleCost.PER_RULE_LIMIT);
    assertThat(RuleCost.touchedBy(site)).contains(new RuleCost.Touched("names.@items", "string", null));
  }

  @Test
  void cardinalityMultipliesTheMaxItemsOfEveryListAround() {
    List<RuleSite> sites = sites("""
        type: object
        properties:
          outer:
            type: array
            maxItems: 20
            items:
              type: object
              properties:
                inner:
                  type: array
                  maxItems: 30
                  items:
                    type: object
                    x-kubernetes-validations: [{rule: "self.n > 0"}]
                    properties: {n: {type: integer}}
        """);

    assertThat(sites).singleElement().satisfies(site -> {
      assertThat(site.cardinality()).isEqualTo(600);
      assertThat(RuleCost.priced(site)).isEqualTo(600 * RuleCost.of(site).max());
    });
  }

  private static RuleSite only(String schemaYaml) {
    List<RuleSite> sites = sites(schemaYaml);
    assertThat(sites).hasSize(1);
    return sites.get(0);
  }

  static List<RuleSite> sites(String schemaYaml) {
    CelRules rules = new CelRules(yaml(schemaYaml));
    assertThat(rules.compileErrors()).isEmpty();
    return rules.sites();
  }

  static JsonNode yaml(String text) {
    try {
      return CrdFile.YAML.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
