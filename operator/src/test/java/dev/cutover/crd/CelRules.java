package dev.cutover.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRD's {@code x-kubernetes-validations} rules compiled with cel-java and evaluated as the API
 * server does: each rule runs with {@code self} bound to the value at its schema node, for every
 * place that node occurs in the object (every item of a list), and only where the value is present.
 * A rule that is false, or that fails to evaluate, refuses the object with its message at its
 * field path.
 *
 * <p>The environment is standard CEL with the string, set and optional extensions, which the API
 * server also offers. The API server's own libraries (isSorted, quantity, ip, url...) are not here:
 * Cutover's rules keep to standard CEL.
 */
final class CelRules {
  private final List<RuleSite> sites = new ArrayList<>();
  private final List<String> compileErrors = new ArrayList<>();
  private final CelSchemaTypes types = new CelSchemaTypes();
  private final CelRuntime runtime;
  private final CelOptions options = CelOptions.current().build();

  CelRules(JsonNode openApiSchema) {
    runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
        .setOptions(options)
        .addLibraries(CelExtensions.strings(), CelExtensions.sets(options), CelExtensions.optional())
        .build();
    collect(openApiSchema, List.of(), 1);
  }

  List<RuleSite> sites() {
    return sites;
  }

  /** Rules the API server would refuse to store in the CRD because they do not compile. */
  List<String> compileErrors() {
    return compileErrors;
  }

  private void collect(JsonNode schema, List<String> path, long cardinality) {
    for (JsonNode validation : schema.path("x-kubernetes-validations")) {
      compile(schema, path, cardinality, validation);
    }
    schema.path("properties").properties()
        .forEach(p -> collect(p.getValue(), CelSchemaTypes.append(path, p.getKey()), cardinality));
    if (schema.path("items").isObject()) {
      collect(schema.get("items"), CelSchemaTypes.append(path, "@items"),
          times(cardinality, schema.path("maxItems")));
    }
    if (schema.path("additionalProperties").isObject()) {
      collect(schema.get("additionalProperties"), CelSchemaTypes.append(path, "@values"),
          times(cardinality, schema.path("maxProperties")));
    }
  }

  private static long times(long cardinality, JsonNode bound) {
    if (bound.isMissingNode() || cardinality == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.multiplyExact(cardinality, bound.asLong());
  }

  private void compile(JsonNode schema, List<String> path, long cardinality, JsonNode validation) {
    String rule = validation.path("rule").asText();
    CelType selfType = types.typeOf(schema, path);
    CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(options)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(types)
        .addLibraries(CelExtensions.strings(), CelExtensions.sets(options), CelExtensions.optional())
        .addVar("self", selfType)
        .build();
    CelValidationResult result = compiler.compile(rule);
    String where = String.join(".", path);
    if (result.hasError()) {
      compileErrors.add(where + ": " + rule + ": " + result.getErrorString());
      return;
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      sites.add(new RuleSite(path, schema, rule, validation.path("message").asText("failed rule: " + rule),
          validation.path("fieldPath").asText(""), validation.path("reason").asText("FieldValueInvalid"),
          cardinality, ast, runtime.createProgram(ast)));
    } catch (CelValidationException | CelEvaluationException e) {
      compileErrors.add(where + ": " + rule + ": " + e.getMessage());
    }
  }

  /** Evaluates every rule at every node of the object it applies to. */
  List<Refusal> evaluate(JsonNode object) {
    List<Refusal> refusals = new ArrayList<>();
    for (RuleSite site : sites) {
      for (Map.Entry<String, JsonNode> node : nodesAt(object, site.schemaPath()).entrySet()) {
        check(site, node.getKey(), node.getValue()).ifPresent(refusals::add);
      }
    }
    return refusals;
  }

  private java.util.Optional<Refusal> check(RuleSite site, String field, JsonNode value) {
    String at = field + site.fieldPath();
    try {
      Object verdict = site.program().eval(Map.of("self", CelValues.of(value, site.schema())));
      if (Boolean.TRUE.equals(verdict)) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new Refusal(at, site.reason(), site.message(), false));
    } catch (CelEvaluationException e) {
      return java.util.Optional.of(new Refusal(at, "InternalError",
          "rule " + site.rule() + " could not be evaluated: " + e.getMessage(), false));
    }
  }

  /** The values at a schema path in the object, keyed by their field path (spec.tables[2]). */
  static Map<String, JsonNode> nodesAt(JsonNode object, List<String> schemaPath) {
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    nodes.put("", object);
    for (String part : schemaPath) {
      Map<String, JsonNode> next = new LinkedHashMap<>();
      nodes.forEach((field, node) -> {
        if (part.equals("@items") && node.isArray()) {
          for (int i = 0; i < node.size(); i++) {
            next.put(field + "[" + i + "]", node.get(i));
          }
        } else if (part.equals("@values") && node.isObject()) {
          node.properties().forEach(p -> next.put(field + "[" + p.getKey() + "]", p.getValue()));
        } else if (node.isObject() && node.has(part) && !node.get(part).isNull()) {
          next.put(field.isEmpty() ? part : field + "." + part, node.get(part));
        }
      });
      nodes = next;
    }
    return nodes;
  }
}
