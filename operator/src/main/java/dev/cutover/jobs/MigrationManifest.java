package dev.cutover.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Migration as a worker reads it from {@code -f}: apiVersion, kind, name, namespace and spec.
 *
 * <p>Status, managedFields, annotations and labels are left out on purpose: they change on every
 * reconcile (and a changing annotation would make every Job look different), and the worker needs
 * none of them.
 */
public final class MigrationManifest {
  private static final ObjectMapper YAML = new ObjectMapper(
      // Strings stay quoted: an unquoted "123" or "no" would read back as a number or a boolean.
      new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private MigrationManifest() {}

  /** The manifest of a Migration as YAML. */
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
      return YAML.writeValueAsString(manifest);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render the spec of Migration "
          + migration.getMetadata().getNamespace() + "/" + migration.getMetadata().getName() + " as YAML", e);
    }
  }
}
