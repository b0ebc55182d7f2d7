package dev.cutover.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cutover.api.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The checked-in CRD file as the API server receives it: plain YAML, no Java classes involved. */
public final class CrdFile {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path path;
  private final JsonNode root;

  private CrdFile(Path path, JsonNode root) {
    this.path = path;
    this.root = root;
  }

  /** The CRD in crds/. */
  public static CrdFile checkedIn() {
    return read(RepoPaths.crd());
  }

  /** A CRD built in a test, such as a small schema that shows one behaviour of the validator. */
  static CrdFile of(JsonNode root) {
    return new CrdFile(Path.of("(test)"), root);
  }

  public static CrdFile read(Path path) {
    try {
      return new CrdFile(path, YAML.readTree(path.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRD " + path, e);
    }
  }

  public Path path() {
    return path;
  }

  public JsonNode root() {
    return root;
  }

  /** The only version, v1alpha1. */
  public JsonNode version() {
    return root.path("spec").path("versions").path(0);
  }

  /** spec.versions[0].schema.openAPIV3Schema. */
  public JsonNode openApiSchema() {
    return version().path("schema").path("openAPIV3Schema");
  }

  /** The schema node at a dotted property path below the root, such as {@code spec.tables}. */
  public JsonNode schemaAt(String dottedPath) {
    JsonNode node = openApiSchema();
    for (String part : dottedPath.split("\\.")) {
      node = part.equals("[]") ? node.path("items") : node.path("properties").path(part);
    }
    return node;
  }
}
