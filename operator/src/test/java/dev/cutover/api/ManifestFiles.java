package dev.cutover.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The checked-in Kubernetes manifests (samples/, deployment/) as YAML documents, for tests. */
public final class ManifestFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ManifestFiles() {}

  /** The *.yaml and *.yml files of a repository directory, sorted by name. */
  public static List<Path> in(String directory) {
    try (Stream<Path> files = Files.list(RepoPaths.root().resolve(directory))) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  /** Every non-empty document of a multi-document YAML file. */
  public static List<JsonNode> documents(Path file) {
    try {
      ObjectReader reader = YAML.readerFor(JsonNode.class);
      List<JsonNode> documents = new ArrayList<>();
      try (var iterator = reader.readValues(file.toFile())) {
        while (iterator.hasNext()) {
          JsonNode document = (JsonNode) iterator.next();
          if (document != null && !document.isNull() && !document.isMissingNode() && !document.isEmpty()) {
            documents.add(document);
          }
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  /** Every document of every file of a directory. */
  public static List<JsonNode> allDocuments(String directory) {
    return in(directory).stream().flatMap(f -> documents(f).stream()).toList();
  }

  /** The documents of a kind, in any file of the directory. */
  public static List<JsonNode> ofKind(String directory, String kind) {
    return allDocuments(directory).stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }
}
