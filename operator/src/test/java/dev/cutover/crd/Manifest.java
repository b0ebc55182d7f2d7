package dev.cutover.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Migration manifest for a test, edited by field path (spec.tables[0].name) with YAML values. */
public final class Manifest {
  private static final Pattern INDEXED = Pattern.compile("([^\\[]+)\\[(\\d+)]");

  private final ObjectNode root;

  private Manifest(ObjectNode root) {
    this.root = root;
  }

  public static Manifest of(String yaml) {
    return new Manifest((ObjectNode) parse(yaml));
  }

  /** A PostgreSQL -> PostgreSQL Migration with only the required fields. */
  public static Manifest minimal() {
    return of("""
        apiVersion: cutover.dev/v1alpha1
        kind: Migration
        metadata: {name: shop, namespace: shop}
        spec:
          phase: old
          source: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: old-db, key: dsn}}}}
          target: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: new-db, key: dsn}}}}
          tables:
          - {name: orders, primaryKey: [id]}
          flags: {configMap: shop-flags}
        """);
  }

  /** A FoundationDB -> PostgreSQL Migration that sets every spec field. */
  public static Manifest full() {
    return of("""
        apiVersion: cutover.dev/v1alpha1
        kind: Migration
        metadata: {name: teaelephant, namespace: tea}
        spec:
          phase: shadow
          paused: false
          source:
            kind: foundationdb
            foundationdb: {clusterFile: {configMapKeyRef: {name: fdb-cluster, key: fdb.cluster, optional: false}}}
            postgres: {dsn: {secretKeyRef: {name: unused, key: dsn, optional: false}}}
          target:
            kind: postgres
            foundationdb: {clusterFile: {configMapKeyRef: {name: unused, key: fdb.cluster, optional: false}}}
            postgres: {dsn: {secretKeyRef: {name: pg, key: dsn, optional: false}}}
          tables:
          - name: teas
            schema: public
            primaryKey: [id]
            columns: [id, name, kind, created_at]
            foundationdb: {keyPrefix: [records, tea], key: [id], value: json}
          - name: tea_tags
            primaryKey: [tea_id, tag_id]
            foundationdb:
              keyPrefix: [records, tea_tag]
              key: [tea_id, tag_id]
              value: tuple
              valueColumns: [created_at]
          flags:
            configMap: teaelephant-server-flags
            format: env
            keys:
              backend: DATABASE_BACKEND
              dualWrite: FF_PG_DUAL_WRITE
              readPercent: FF_PG_READ_PERCENT
              cohorts: FF_PG_READ_COHORTS
              flagd: flags.flagd.json
            backendValues: {source: foundationdb, target: postgres}
            restartWorkloads: [{kind: Deployment, name: server}, {kind: StatefulSet, name: worker}]
          backfill:
            parallelism: 4
            batchSize: 5000
            maxAttempts: 3
            template:
              spec:
                containers: [{name: worker, image: "registry.example/backfill:1"}]
          verification: {mode: sample, sampleRate: 0.01, maxMismatches: 0, repair: true, maxAge: 24h}
          bake: 1h30m
          sequences:
            headroom: 50000
          readRamp:
            steps: [10, 50, 100]
            interval: 10m
            verifyEachStep: true
            cohorts:
            - {attribute: userId, values: ["123", "456"]}
            - {attribute: country, values: [IN, US]}
        """);
  }

  /** Sets the field to a YAML value, creating the objects on the way. */
  public Manifest set(String path, String yamlValue) {
    return set(path, parse(yamlValue));
  }

  public Manifest set(String path, JsonNode value) {
    String[] parts = path.split("\\.");
    JsonNode parent = walk(parts, parts.length - 1);
    String last = parts[parts.length - 1];
    Matcher indexed = INDEXED.matcher(last);
    if (indexed.matches()) {
      ArrayNode array = (ArrayNode) parent.get(indexed.group(1));
      int index = Integer.parseInt(indexed.group(2));
      if (index == array.size()) {
        array.add(value);
      } else {
        array.set(index, value);
      }
    } else {
      ((ObjectNode) parent).set(last, value);
    }
    return this;
  }

  /** Sets the field to a string as is (no YAML parsing): for quotes and control characters. */
  public Manifest setText(String path, String text) {
    return set(path, com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
  }

  public Manifest remove(String path) {
    String[] parts = path.split("\\.");
    ((ObjectNode) walk(parts, parts.length - 1)).remove(parts[parts.length - 1]);
    return this;
  }

  public JsonNode json() {
    return root.deepCopy();
  }

  private JsonNode walk(String[] parts, int count) {
    JsonNode node = root;
    for (int i = 0; i < count; i++) {
      Matcher indexed = INDEXED.matcher(parts[i]);
      if (indexed.matches()) {
        node = node.get(indexed.group(1)).get(Integer.parseInt(indexed.group(2)));
      } else {
        node = ((ObjectNode) node).withObject(parts[i]);
      }
    }
    return node;
  }

  private static JsonNode parse(String yaml) {
    try {
      return CrdFile.YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("bad YAML in a test: " + yaml, e);
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
