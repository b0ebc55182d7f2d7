package dev.cutover.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** kubectl shows the printer columns in the order of the CRD, which must be the design's. */
class PrinterColumnOrderTest {
  private static final Pattern NAME = Pattern.compile("(?m)^      name: \"([^\"]+)\"$");

  private static List<String> columns(String crd) {
    String block = crd.substring(crd.indexOf("additionalPrinterColumns:"), crd.indexOf("    name: \"v1alpha1\""));
    Matcher matcher = NAME.matcher(block);
    List<String> names = new java.util.ArrayList<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  @Test
  void theCheckedInCrdListsPhaseTargetStepReadVerifiedAge() throws Exception {
    assertThat(columns(Files.readString(RepoPaths.crd())))
        .containsExactly("Phase", "Target", "Step", "Read%", "Verified", "Age");
  }

  @Test
  void reorderMovesWholeEntriesAndNothingElse() {
    String generated = String.join("\n",
        "spec:", "  versions:", "  - additionalPrinterColumns:",
        "    - jsonPath: \".metadata.creationTimestamp\"", "      name: \"Age\"", "      type: \"date\"",
        "    - jsonPath: \".status.step\"", "      name: \"Step\"", "      type: \"string\"",
        "    - jsonPath: \".spec.phase\"", "      name: \"Target\"", "      type: \"string\"",
        "    - jsonPath: \".status.phase\"", "      name: \"Phase\"", "      type: \"string\"",
        "    - jsonPath: \".status.readPercent\"", "      name: \"Read%\"", "      type: \"integer\"",
        "    - jsonPath: \".status.conditions[?(@.type==\\\"Verified\\\")].status\"", "      name: \"Verified\"",
        "      type: \"string\"",
        "    name: \"v1alpha1\"", "    served: true", "") ;

    String reordered = PrinterColumnOrder.reorder(generated);

    assertThat(columns(reordered)).containsExactly("Phase", "Target", "Step", "Read%", "Verified", "Age");
    assertThat(reordered.lines().sorted().toList()).isEqualTo(generated.lines().sorted().toList());
    assertThat(reordered).endsWith("    name: \"v1alpha1\"\n    served: true\n");
  }

  @Test
  void aColumnMissingFromTheGeneratedCrdIsAnError() {
    assertThatThrownBy(() -> PrinterColumnOrder.reorder("  - additionalPrinterColumns:\n"
        + "    - jsonPath: \".status.phase\"\n      name: \"Phase\"\n    name: \"v1alpha1\"\n"))
        .hasMessageContaining("not in the generated CRD");
  }
}
