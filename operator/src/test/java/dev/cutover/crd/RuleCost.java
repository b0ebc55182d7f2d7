package dev.cutover.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API server's static cost estimate of one rule, computed the way cel-go's checker does it
 * (checker/cost.go) with the sizes the API server takes from the schema (maxLength, maxItems,
 * maxProperties): 1 per identifier, field selection and O(1) call; a comprehension costs its range
 * size times its loop; {@code x in list} costs the list's size; comparing strings costs a tenth of
 * the shorter one's length; {@code &&} and {@code ||} cost their operands. An unbounded string or
 * list has an unknown, maximal size, which prices the rule out.
 *
 * <p>The API server refuses a CRD when the estimate times the rule's cardinality exceeds 10
 * million for one rule, or 100 million summed over all rules.
 */
final class RuleCost {
  static final long PER_RULE_LIMIT = 10_000_000L;
  static final long PER_CRD_LIMIT = 100_000_000L;
  static final long UNBOUNDED = Long.MAX_VALUE;

  /** A range, saturating at {@link #UNBOUNDED} like cel-go's uint64 arithmetic. */
  record Range(long min, long max) {
    static final Range ZERO = new Range(0, 0);
    static final Range ONE = new Range(1, 1);
    static final Range UNKNOWN = new Range(0, UNBOUNDED);

    Range plus(Range other) {
      return new Range(add(min, other.min), add(max, other.max));
    }

    Range times(Range other) {
      return new Range(mul(min, other.min), mul(max, other.max));
    }

    Range times(double factor) {
      return new Range(scale(min, factor), scale(max, factor));
    }

    Range union(Range other) {
      return new Range(Math.min(min, other.min), Math.max(max, other.max));
    }

    private static long add(long a, long b) {
      return a > UNBOUNDED - b ? UNBOUNDED : a + b;
    }

    private static long mul(long a, long b) {
      return b != 0 && a > UNBOUNDED / b ? UNBOUNDED : a * b;
    }

    private static long scale(long a, double factor) {
      double scaled = Math.ceil(a * factor);
      return scaled >= UNBOUNDED ? UNBOUNDED : (long) scaled;
    }
  }

  /**
   * A string or list whose size the estimate depends on.
   *
   * @param bound its maxLength or maxItems, or the length of its longest enum value; null when unbounded
   */
  record Touched(String path, String type, Long bound) {}

  private final CelAbstractSyntaxTree ast;
  private final JsonNode selfSchema;
  private final Map<Long, List<String>> paths = new HashMap<>();
  private final Map<Long, Range> sizes = new HashMap<>();
  private final Map<Long, Range> elementSizes = new HashMap<>();
  private final Deque<Map.Entry<String, Local>> locals = new ArrayDeque<>();
  private final Map<String, Touched> touched = new LinkedHashMap<>();

  private record Local(List<String> path, Range size) {}

  private RuleCost(RuleSite site) {
    this.ast = site.ast();
    this.selfSchema = site.schema();
  }

  /** The estimate of one evaluation of the rule. */
  static Range of(RuleSite site) {
    return new RuleCost(site).cost(site.ast().getExpr());
  }

  /** The strings and lists the estimate of the rule depends on. */
  static List<Touched> touchedBy(RuleSite site) {
    RuleCost cost = new RuleCost(site);
    cost.cost(site.ast().getExpr());
    return new ArrayList<>(cost.touched.values());
  }

  /** What the API server compares with its per-rule limit: the estimate times the cardinality. */
  static long priced(RuleSite site) {
    long estimate = of(site).max();
    return new Range(estimate, estimate).times(new Range(site.cardinality(), site.cardinality())).max();
  }

  private Range cost(CelExpr e) {
    return switch (e.getKind()) {
      case CONSTANT -> Range.ZERO;
      case IDENT -> ident(e);
      case SELECT -> select(e);
      case CALL -> call(e);
      case LIST -> list(e);
      case MAP -> sum(e.map().entries().stream().flatMap(m -> java.util.stream.Stream.of(m.key(), m.value())).toList())
          .plus(new Range(30, 30));
      case STRUCT -> sum(e.struct().entries().stream().map(CelExpr.CelStruct.Entry::value).toList())
          .plus(new Range(40, 40));
      case COMPREHENSION -> comprehension(e);
      default -> Range.ZERO;
    };
  }

  private Range ident(CelExpr e) {
    String name = e.ident().name();
    Local local = local(name);
    if (local != null) {
      paths.put(e.id(), local.path());
      if (local.size() != null) {
        sizes.put(e.id(), local.size());
      }
    } else if (name.equals("self")) {
      paths.put(e.id(), List.of());
    }
    return Range.ONE;
  }

  private Range select(CelExpr e) {
    CelExpr.CelSelect select = e.select();
    if (select.testOnly()) {
      return Range.ONE.plus(cost(select.operand()));
    }
    Range sum = cost(select.operand());
    CelKind operandKind = kind(select.operand());
    if (operandKind == CelKind.MAP || operandKind == CelKind.STRUCT || operandKind == CelKind.TYPE_PARAM) {
      sum = sum.plus(Range.ONE);
    }
    List<String> operandPath = paths.get(select.operand().id());
    if (operandPath != null) {
      paths.put(e.id(), CelSchemaTypes.append(operandPath, select.field()));
    }
    return sum;
  }

  private Range list(CelExpr e) {
    List<CelExpr> elements = e.list().elements();
    Range itemSize = elements.isEmpty() ? Range.ZERO : new Range(UNBOUNDED, 0);
    Range sum = Range.ZERO;
    for (CelExpr element : elements) {
      sum = sum.plus(cost(element));
      itemSize = itemSize.union(size(element));
    }
    elementSizes.put(e.id(), itemSize);
    return sum.plus(new Range(10, 10));
  }

  private Range comprehension(CelExpr e) {
    CelExpr.CelComprehension c = e.comprehension();
    Range sum = cost(c.iterRange()).plus(cost(c.accuInit()));
    push(c.accuVar(), new Local(List.of("@accumulator"), null));
    push(c.iterVar(), new Local(elementPath(c.iterRange()), elementSize(c.iterRange())));
    Range loop = cost(c.loopCondition()).plus(cost(c.loopStep()));
    locals.pop();
    sum = sum.plus(cost(c.result()));
    locals.pop();
    return sum.plus(size(c.iterRange()).times(loop));
  }

  private Range call(CelExpr e) {
    CelExpr.CelCall call = e.call();
    List<CelExpr> args = call.args();
    List<Range> argCosts = args.stream().map(this::cost).toList();
    Range argSum = argCosts.stream().reduce(Range.ZERO, Range::plus);
    Range targetCost = call.target().map(this::cost).orElse(Range.ZERO);
    String function = call.function();
    Range fn = switch (function) {
      case "_&&_", "_||_" -> new Range(argCosts.get(0).min(), argCosts.get(0).plus(argCosts.get(1)).max());
      case "_?_:_" -> {
        sizes.put(e.id(), size(args.get(1)).union(size(args.get(2))));
        yield argCosts.get(0).plus(argCosts.get(1).union(argCosts.get(2)));
      }
      case "@in" -> kind(args.get(1)) == CelKind.MAP ? Range.ONE.plus(argSum) : size(args.get(1)).plus(argSum);
      case "_==_", "_!=_" -> comparison(args.get(0), args.get(1)).plus(argSum);
      case "_<_", "_<=_", "_>_", "_>=_" -> kind(args.get(0)) == CelKind.STRING || kind(args.get(0)) == CelKind.BYTES
          ? comparison(args.get(0), args.get(1)).plus(argSum)
          : Range.ONE.plus(argSum);
      case "_+_" -> concatenation(e, args, argSum);
      case "startsWith", "endsWith" -> size(args.get(0)).times(0.1).plus(argSum);
      case "contains" -> size(call.target().orElseThrow()).times(0.1).times(size(args.get(0)).times(0.1)).plus(argSum);
      case "matches" -> matches(call, args).plus(argSum);
      case "_[_]" -> {
        List<String> listPath = paths.get(args.get(0).id());
        if (listPath != null) {
          paths.put(e.id(), CelSchemaTypes.append(listPath, kind(args.get(0)) == CelKind.MAP ? "@values" : "@items"));
        }
        yield Range.ONE.plus(argSum);
      }
      default -> Range.ONE.plus(argSum);
    };
    return targetCost.plus(fn);
  }

  private Range comparison(CelExpr left, CelExpr right) {
    long smallestMax = Math.min(size(left).max(), size(right).max());
    return new Range(smallestMax > 0 ? 1 : 0, smallestMax).times(0.1);
  }

  private Range concatenation(CelExpr e, List<CelExpr> args, Range argSum) {
    CelKind kind = kind(args.get(0));
    if (kind != CelKind.STRING && kind != CelKind.BYTES && kind != CelKind.LIST) {
      return Range.ONE.plus(argSum);
    }
    Range result = size(args.get(0)).plus(size(args.get(1)));
    sizes.put(e.id(), result);
    return kind == CelKind.LIST ? Range.ONE.plus(argSum) : result.times(0.1).plus(argSum);
  }

  private Range matches(CelExpr.CelCall call, List<CelExpr> args) {
    CelExpr text = call.target().orElse(args.get(0));
    CelExpr regex = args.get(args.size() - 1);
    return size(text).plus(Range.ONE).times(0.1).times(size(regex).times(0.25));
  }

  private Range sum(List<CelExpr> exprs) {
    return exprs.stream().map(this::cost).reduce(Range.ZERO, Range::plus);
  }

  /** The size of a value, as cel-go's computeSize: computed, literal, from the schema, or scalar. */
  private Range size(CelExpr e) {
    Range computed = sizes.get(e.id());
    if (computed != null) {
      return computed;
    }
    if (e.getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
      CelConstant constant = e.constant();
      return switch (constant.getKind()) {
        case STRING_VALUE -> fixed(constant.stringValue().codePointCount(0, constant.stringValue().length()));
        case BYTES_VALUE -> fixed(constant.bytesValue().size());
        default -> Range.ONE;
      };
    }
    if (e.getKind() == CelExpr.ExprKind.Kind.LIST) {
      return fixed(e.list().elements().size());
    }
    List<String> path = paths.get(e.id());
    if (path != null && (path.isEmpty() || !path.get(0).equals("@accumulator"))) {
      Range fromSchema = schemaSize(path);
      if (fromSchema != null) {
        return fromSchema;
      }
    }
    CelKind kind = kind(e);
    if (kind == CelKind.BOOL || kind == CelKind.INT || kind == CelKind.UINT || kind == CelKind.DOUBLE
        || kind == CelKind.DURATION || kind == CelKind.TIMESTAMP) {
      return Range.ONE;
    }
    return Range.UNKNOWN;
  }

  private Range elementSize(CelExpr range) {
    Range literal = elementSizes.get(range.id());
    if (literal != null) {
      return literal;
    }
    List<String> path = elementPath(range);
    return path == null ? null : schemaSize(path);
  }

  private List<String> elementPath(CelExpr range) {
    List<String> path = paths.get(range.id());
    if (path == null) {
      return null;
    }
    return CelSchemaTypes.append(path, kind(range) == CelKind.MAP ? "@keys" : "@items");
  }

  /** The bound the API server reads from the schema for a string, list or map; null for others. */
  private Range schemaSize(List<String> path) {
    JsonNode node = selfSchema;
    for (String part : path) {
      node = switch (part) {
        case "@items" -> node.path("items");
        case "@values" -> node.path("additionalProperties");
        case "@keys" -> com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "string");
        default -> node.path("properties").path(part);
      };
    }
    String type = node.path("type").asText("");
    Long bound = switch (type) {
      case "string" -> node.has("maxLength") ? Long.valueOf(node.get("maxLength").asLong()) : longestEnumValue(node);
      case "array" -> node.has("maxItems") ? Long.valueOf(node.get("maxItems").asLong()) : null;
      case "object" -> node.has("properties") ? Long.valueOf(-1L)
          : node.has("maxProperties") ? Long.valueOf(node.get("maxProperties").asLong()) : null;
      default -> -1L;
    };
    if (bound != null && bound == -1L) {
      return null;
    }
    touched.putIfAbsent(String.join(".", path), new Touched(String.join(".", path), type, bound));
    return new Range(0, bound == null ? UNBOUNDED : bound);
  }

  private static Long longestEnumValue(JsonNode node) {
    if (!node.has("enum")) {
      return null;
    }
    long longest = 0;
    for (JsonNode value : node.get("enum")) {
      longest = Math.max(longest, value.asText().codePointCount(0, value.asText().length()));
    }
    return longest;
  }

  private CelKind kind(CelExpr e) {
    return ast.getType(e.id()).map(CelType::kind).orElse(CelKind.DYN);
  }

  private void push(String name, Local local) {
    locals.push(Map.entry(name, local));
  }

  private Local local(String name) {
    for (Map.Entry<String, Local> entry : locals) {
      if (entry.getKey().equals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static Range fixed(long n) {
    return new Range(n, n);
  }
}
