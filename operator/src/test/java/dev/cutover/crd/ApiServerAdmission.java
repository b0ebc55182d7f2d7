package dev.cutover.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the API server does with a Migration before storing it, using only the checked-in CRD:
 * apply the schema's defaults, validate against the OpenAPI schema, then (unless an error already
 * blocks them, as in apiextensions' hasBlockingErr) evaluate the CEL rules.
 */
public final class ApiServerAdmission {
  private final CrdFile crd;
  private final OpenApiValidation schema;
  private final CelRules rules;

  public ApiServerAdmission(CrdFile crd) {
    this.crd = crd;
    this.schema = OpenApiValidation.forCrd(crd.openApiSchema());
    this.rules = new CelRules(crd.openApiSchema());
  }

  /** The admission of the checked-in CRD. */
  public static ApiServerAdmission ofCheckedInCrd() {
    return new ApiServerAdmission(CrdFile.checkedIn());
  }

  public CrdFile crd() {
    return crd;
  }

  List<RuleSite> ruleSites() {
    return rules.sites();
  }

  List<String> ruleCompileErrors() {
    return rules.compileErrors();
  }

  /** Admits a manifest given as YAML or JSON text. */
  public Verdict admit(String manifest) {
    try {
      return admit(CrdFile.YAML.readTree(manifest));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not YAML: " + manifest, e);
    }
  }

  public Verdict admit(JsonNode manifest) {
    ObjectNode object = manifest.deepCopy();
    StructuralDefaults.apply(crd.openApiSchema(), object);
    List<Refusal> refusals = new ArrayList<>(schema.validate(object));
    boolean blocked = refusals.stream().anyMatch(Refusal::blocking);
    if (!blocked) {
      refusals.addAll(rules.evaluate(object));
    }
    return new Verdict(object, refusals, blocked);
  }

  /**
   * The outcome for one object.
   *
   * @param stored the object with defaults applied, as it would be stored
   * @param rulesSkipped true when a blocking schema error kept the CEL rules from running
   */
  public record Verdict(JsonNode stored, List<Refusal> refusals, boolean rulesSkipped) {
    public boolean accepted() {
      return refusals.isEmpty();
    }

    @Override
    public String toString() {
      return accepted() ? "accepted" : "refused: " + refusals;
    }
  }
}
