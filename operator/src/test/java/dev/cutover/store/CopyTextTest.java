package dev.cutover.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextTest {

  @Test
  void escapesAndSplitsBackToTheSameValues() {
    List<String> values = Arrays.asList("plain", null, "", "tab\there", "line\nbreak\r", "back\\slash", "\\N", "ünï");
    String line = CopyText.line(values);
    assertThat(line).doesNotContain("\n");
    assertThat(Arrays.asList(CopyText.split(line))).isEqualTo(values);
  }

  @Test
  void nullIsDistinctFromEmptyAndFromLiteralBackslashN() {
    assertThat(CopyText.split("\\N\t\t\\\\N")).containsExactly(null, "", "\\N");
  }

  @Test
  void decodesOctalAndHexEscapesPostgresMayWrite() {
    assertThat(CopyText.split("a\\101\\x42c\\v")).containsExactly("aABc\u000b");
  }

  @Test
  void splitsUtf8Bytes() {
    byte[] bytes = "x\tthé\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(CopyText.split(bytes, 0, bytes.length - 1)).containsExactly("x", "thé");
  }
}
