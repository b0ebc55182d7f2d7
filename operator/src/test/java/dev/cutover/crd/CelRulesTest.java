package dev.cutover.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How rules are evaluated, on small schemas: where, how often, with which self. */
class CelRulesTest {
  private static final String SCHEMA = """
      type: object
      properties:
        items:
          type: array
          maxItems: 10
          items:
            type: object
            x-kubernetes-validations:
            - {rule: "self.min <= self.max", message: "min must not exceed max", fieldPath: ".min"}
            properties: {min: {type: integer}, max: {type: integer}}
        limits:
          type: object
          x-kubernetes-validations:
          - {rule: "!has(self.cpu) || self.cpu != 'unlimited'", message: "cpu must be bounded"}
          additionalProperties: {type: string, maxLength: 20}
        optional:
          type: object
          x-kubernetes-validations: [{rule: "self.flag"}]
          properties: {flag: {type: boolean}}
        ratio:
          type: number
          x-kubernetes-validations: [{rule: "self < 1.0", message: "ratio below 1"}]
      """;

  private final CelRules rules = new CelRules(RuleCostTest.yaml(SCHEMA));

  @Test
  void aRuleOnListItemsRunsForEveryItemAndNamesTheItem() {
    List<Refusal> refusals = rules.evaluate(RuleCostTest.yaml(
        "items: [{min: 1, max: 2}, {min: 5, max: 3}, {min: 0, max: 0}, {min: 9, max: 1}]"));

    assertThat(refusals).extracting(Refusal::field).containsExactly("items[1].min", "items[3].min");
    assertThat(refusals).extracting(Refusal::message).containsOnly("min must not exceed max");
  }

  @Test
  void hasOnAMapTestsForTheKey() {
    assertThat(rules.evaluate(RuleCostTest.yaml("limits: {memory: 1Gi}"))).isEmpty();
    assertThat(rules.evaluate(RuleCostTest.yaml("limits: {cpu: '2'}"))).isEmpty();
    assertThat(rules.evaluate(RuleCostTest.yaml("limits: {cpu: unlimited}")))
        .extracting(Refusal::toString).containsExactly("limits: cpu must be bounded");
  }

  @Test
  void aRuleOnAnAbsentFieldDoesNotRun() {
    assertThat(rules.evaluate(RuleCostTest.yaml("{}"))).isEmpty();
  }

  @Test
  void aRuleWithoutMessageIsReportedAsTheApiServerDoes() {
    assertThat(rules.evaluate(RuleCostTest.yaml("optional: {flag: false}")))
        .extracting(Refusal::message).containsExactly("failed rule: self.flag");
  }

  @Test
  void aRuleThatCannotBeEvaluatedRefusesTheObject() {
    List<Refusal> refusals = rules.evaluate(RuleCostTest.yaml("optional: {}"));

    assertThat(refusals).singleElement().satisfies(refusal -> {
      assertThat(refusal.field()).isEqualTo("optional");
      assertThat(refusal.message()).contains("could not be evaluated");
    });
  }

  @Test
  void aNumberFieldIsADoubleEvenWhenWrittenAsAnInteger() {
    assertThat(rules.evaluate(RuleCostTest.yaml("ratio: 0"))).isEmpty();
    assertThat(rules.evaluate(RuleCostTest.yaml("ratio: 2"))).extracting(Refusal::message).containsExactly("ratio below 1");
  }

  @Test
  void aRuleNamingAFieldTheSchemaLacksDoesNotCompile() {
    CelRules typo = new CelRules(RuleCostTest.yaml("""
        type: object
        x-kubernetes-validations: [{rule: "self.primaryKeys.size() > 0"}]
        properties: {primaryKey: {type: array, maxItems: 3, items: {type: string, maxLength: 5}}}
        """));

    assertThat(typo.compileErrors()).singleElement().asString().contains("primaryKeys");
  }

  @Test
  void aRuleComparingAStringWithANumberDoesNotCompile() {
    CelRules mistyped = new CelRules(RuleCostTest.yaml("""
        type: object
        x-kubernetes-validations: [{rule: "self.name > 3"}]
        properties: {name: {type: string, maxLength: 5}}
        """));

    assertThat(mistyped.compileErrors()).hasSize(1);
  }
}
