package dev.cutover.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the printer columns of the generated CRD in the order they are declared on {@link Migration}
 * (Phase, Target, Step, Read%, Verified, Age): the generator sorts them by JSON path, and the order is
 * what {@code kubectl get migrations} shows. Runs in the build right after the CRD is generated; it
 * moves whole column entries and changes nothing else in the file.
 */
public final class PrinterColumnOrder {
  private static final String LIST = "  - additionalPrinterColumns:";
  private static final String ITEM = "    - jsonPath: ";

  private PrinterColumnOrder() {}

  public static void main(String[] args) throws IOException {
    for (String file : args) {
      Path path = Path.of(file);
      Files.writeString(path, reorder(Files.readString(path, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
  }

  /** The CRD text with its printer columns in declaration order. */
  static String reorder(String crd) {
    List<String> lines = new ArrayList<>(crd.lines().toList());
    int start = lines.indexOf(LIST);
    if (start < 0) {
      throw new IllegalArgumentException("no additionalPrinterColumns in the generated CRD");
    }
    List<List<String>> items = new ArrayList<>();
    int end = start + 1;
    while (end < lines.size() && (lines.get(end).startsWith("    - ") || lines.get(end).startsWith("      "))) {
      if (lines.get(end).startsWith(ITEM)) {
        items.add(new ArrayList<>());
      }
      items.get(items.size() - 1).add(lines.get(end));
      end++;
    }
    List<String> ordered = new ArrayList<>();
    for (AdditionalPrinterColumn column : Migration.class.getAnnotationsByType(AdditionalPrinterColumn.class)) {
      ordered.addAll(items.stream()
          .filter(item -> item.contains("      name: \"" + column.name() + "\""))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("printer column " + column.name() + " not in the generated CRD")));
    }
    if (ordered.size() != end - start - 1) {
      throw new IllegalArgumentException("the generated CRD has printer columns not declared on Migration");
    }
    List<String> result = new ArrayList<>(lines.subList(0, start + 1));
    result.addAll(ordered);
    result.addAll(lines.subList(end, lines.size()));
    return String.join("\n", result) + (crd.endsWith("\n") ? "\n" : "");
  }
}
