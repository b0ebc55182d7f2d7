package dev.cutover.crd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Kubernetes schema extensions, translated to JSON Schema. */
class OpenApiValidationTest {
  private static final OpenApiValidation VALIDATION = OpenApiValidation.forSchema(RuleCostTest.yaml("""
      type: object
      properties:
        port: {x-kubernetes-int-or-string: true}
        known: {type: object, properties: {a: {type: string}}}
        free: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}
        nothing: {type: string, nullable: true}
        pod:
          type: object
          x-kubernetes-embedded-resource: true
          properties: {spec: {type: object, x-kubernetes-preserve-unknown-fields: true}}
      """));

  @Test
  void intOrStringTakesEitherAndNothingElse() {
    assertThat(VALIDATION.validate(RuleCostTest.yaml("port: 8080"))).isEmpty();
    assertThat(VALIDATION.validate(RuleCostTest.yaml("port: http"))).isEmpty();
    assertThat(VALIDATION.validate(RuleCostTest.yaml("port: true"))).extracting(Refusal::field).containsExactly("port");
  }

  @Test
  void unknownFieldsAreRefusedUnlessPreserved() {
    assertThat(VALIDATION.validate(RuleCostTest.yaml("known: {a: x, b: y}")))
        .extracting(Refusal::toString).containsExactly("known.b: unknown field \"known.b\"");
    assertThat(VALIDATION.validate(RuleCostTest.yaml("free: {a: x, b: y}"))).isEmpty();
  }

  @Test
  void nullableAdmitsNull() {
    assertThat(VALIDATION.validate(RuleCostTest.yaml("nothing: null"))).isEmpty();
    assertThat(VALIDATION.validate(RuleCostTest.yaml("known: null"))).extracting(Refusal::reason).containsExactly("type");
  }

  @Test
  void anEmbeddedResourceAdmitsItsTypeAndMetadata() {
    assertThat(VALIDATION.validate(RuleCostTest.yaml(
        "pod: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: []}}"))).isEmpty();
  }

  @Test
  void blockingErrorsAreMarkedAsTheApiServerDoes() {
    OpenApiValidation strings = OpenApiValidation.forSchema(RuleCostTest.yaml("""
        type: object
        properties:
          word: {type: string, maxLength: 3, pattern: "^[a-z]+$"}
        """));

    assertThat(strings.validate(RuleCostTest.yaml("word: abcd"))).singleElement().satisfies(r -> assertThat(r.blocking()).isTrue());
    assertThat(strings.validate(RuleCostTest.yaml("word: A"))).singleElement().satisfies(r -> assertThat(r.blocking()).isFalse());
  }
}
