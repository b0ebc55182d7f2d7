package dev.cutover.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.cutover.api.BackfillSpec;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Identifiers;
import dev.cutover.api.Migration;
import dev.cutover.api.MigrationSpec;
import dev.cutover.api.StoreKind;
import dev.cutover.api.TableSpec;
import dev.cutover.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Migration manifest a worker runs on ({@code -f migration.yaml}, the file the Job mounts): the
 * one definition of that half of the operator–worker contract. The operator writes it with {@link
 * #yaml} (apiVersion, kind, name, namespace and spec); a worker reads it back with {@link #load} or
 * {@link #parse}: its name (the key of its checkpoints) and spec, checked for everything a worker
 * relies on, with errors naming the field ({@code spec.tables[2].primaryKey}). The API server
 * checks most of this too, but a worker can be run by hand on a file that never went through it.
 *
 * <p>Status, managedFields, annotations and labels are left out of the written manifest on
 * purpose: they change on every reconcile (and a changing annotation would make every Job look
 * different), and the worker needs none of them.
 */
public record MigrationManifest(String name, String namespace, MigrationSpec spec) {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .addMixIn(BackfillSpec.class, WithoutPodTemplate.class);
  private static final ObjectMapper YAML_WRITER = new ObjectMapper(
      // Strings stay quoted: an unquoted "123" or "no" would read back as a number or a boolean.
      new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /** The manifest of a Migration as YAML, as the operator mounts it into a worker pod. */
  public static String yaml(Migration migration) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", migration.getMetadata().getName());
    metadata.put("namespace", migration.getMetadata().getNamespace());
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("apiVersion", CutoverConstants.API_VERSION);
    manifest.put("kind", CutoverConstants.KIND);
    manifest.put("metadata", metadata);
    manifest.put("spec", migration.getSpec());
    try {
      return YAML_WRITER.writeValueAsString(manifest);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render the spec of Migration "
          + migration.getMetadata().getNamespace() + "/" + migration.getMetadata().getName() + " as YAML", e);
    }
  }

  /**
   * The worker never uses {@code spec.backfill.template}, and binding fabric8's pod model would load
   * hundreds of classes at every worker start.
   */
  @JsonIgnoreProperties("template")
  private abstract static class WithoutPodTemplate {}

  /** Reads and checks {@code file}. */
  public static MigrationManifest load(Path file) throws StoreException {
    String text;
    try {
      text = Files.readString(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw StoreException.badInput("the manifest " + file + " does not exist");
    } catch (IOException e) {
      throw StoreException.badInput("cannot read the manifest " + file + ": " + e);
    }
    return parse(text, file.toString());
  }

  /** Parses and checks manifest {@code text}; {@code fileName} names it in errors. */
  public static MigrationManifest parse(String text, String fileName) throws StoreException {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw StoreException.badInput(fileName + " is not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw StoreException.badInput(fileName + " is not a Migration: not a YAML mapping");
    }
    String kind = root.path("kind").asText("");
    if (!CutoverConstants.KIND.equals(kind)) {
      throw StoreException.badInput(fileName + " is not a Migration: kind " + (kind.isEmpty() ? "(missing)" : kind));
    }
    String apiVersion = root.path("apiVersion").asText("");
    if (!CutoverConstants.API_VERSION.equals(apiVersion)) {
      throw StoreException.badInput(fileName + " is not a " + CutoverConstants.API_VERSION + " Migration: apiVersion "
          + (apiVersion.isEmpty() ? "(missing)" : apiVersion));
    }
    String name = root.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw StoreException.badInput(fileName + ": metadata.name is missing; checkpoints are kept under it");
    }
    String namespace = root.path("metadata").path("namespace").asText(null);
    JsonNode specNode = root.get("spec");
    if (specNode == null || !specNode.isObject()) {
      throw StoreException.badInput(fileName + ": spec is missing");
    }
    MigrationSpec spec;
    try {
      spec = YAML.treeToValue(specNode, MigrationSpec.class);
    } catch (JsonMappingException e) {
      throw StoreException.badInput(fileName + ": " + path(e) + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw StoreException.badInput(fileName + ": spec: " + e.getOriginalMessage());
    }
    check(spec, fileName);
    return new MigrationManifest(name, namespace, spec);
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder("spec");
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append('.').append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static void check(MigrationSpec spec, String file) throws StoreException {
    if (spec.target == null || spec.target.kind != StoreKind.POSTGRES) {
      throw StoreException.badInput(file + ": spec.target.kind must be postgres: Cutover migrates into PostgreSQL");
    }
    if (spec.source == null || spec.source.kind == null) {
      throw StoreException.badInput(file + ": spec.source.kind is missing (foundationdb or postgres)");
    }
    boolean fdb = spec.source.kind == StoreKind.FOUNDATIONDB;
    if (fdb ? spec.source.foundationdb == null : spec.source.postgres == null) {
      throw StoreException.badInput(file + ": spec.source." + (fdb ? "foundationdb" : "postgres")
          + " is missing (spec.source.kind is " + (fdb ? "foundationdb" : "postgres") + ")");
    }
    if (spec.tables == null || spec.tables.isEmpty()) {
      throw StoreException.badInput(file + ": spec.tables is empty: list the tables to copy");
    }
    if (spec.backfill != null && spec.backfill.batchSize < 1) {
      throw StoreException.badInput(file + ": spec.backfill.batchSize must be at least 1");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < spec.tables.size(); i++) {
      TableSpec table = spec.tables.get(i);
      String at = file + ": spec.tables[" + i + "]";
      if (table == null) {
        throw StoreException.badInput(at + " is empty");
      }
      identifier(table.name, at + ".name");
      if (table.schema != null) {
        identifier(table.schema, at + ".schema");
      }
      if (!seen.add(table.schemaOrDefault() + "\u0000" + table.name)) {
        throw StoreException.badInput(at + " lists table " + table.schemaOrDefault() + "." + table.name + " a second time");
      }
      if (table.primaryKey == null || table.primaryKey.isEmpty()) {
        throw StoreException.badInput(at + ".primaryKey is missing: rows are copied, checkpointed and compared by it");
      }
      identifiers(table.primaryKey, at + ".primaryKey");
      if (table.columns != null && !table.columns.isEmpty()) {
        identifiers(table.columns, at + ".columns");
        for (String key : table.primaryKey) {
          if (!table.columns.contains(key)) {
            throw StoreException.badInput(at + ".columns must include the primaryKey column " + key);
          }
        }
      }
      if (fdb) {
        checkFoundationDb(table, at);
      }
    }
  }

  private static void checkFoundationDb(TableSpec table, String at) throws StoreException {
    if (table.foundationdb == null) {
      throw StoreException.badInput(at + ".foundationdb is missing: spec.source.kind is foundationdb");
    }
    if (table.foundationdb.keyPrefix == null || table.foundationdb.keyPrefix.isEmpty()) {
      throw StoreException.badInput(at + ".foundationdb.keyPrefix is missing");
    }
    if (table.foundationdb.key == null || table.foundationdb.key.isEmpty()) {
      throw StoreException.badInput(at + ".foundationdb.key is missing");
    }
    identifiers(table.foundationdb.key, at + ".foundationdb.key");
    if (table.foundationdb.valueColumns != null) {
      identifiers(table.foundationdb.valueColumns, at + ".foundationdb.valueColumns");
    }
  }

  private static void identifiers(List<String> names, String at) throws StoreException {
    for (int i = 0; i < names.size(); i++) {
      identifier(names.get(i), at + "[" + i + "]");
    }
  }

  private static void identifier(String name, String at) throws StoreException {
    if (!Identifiers.isValid(name)) {
      throw StoreException.badInput(
          at + (name == null ? " is missing" : " is not a valid SQL identifier")
              + ": 1 to 63 characters, no double quote, no control character");
    }
  }
}
