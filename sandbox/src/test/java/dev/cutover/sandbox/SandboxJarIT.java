package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sandbox jar as a user runs it: {@code java -jar cutover-sandbox.jar sandbox|bench …}. */
class SandboxJarIT {
  record Run(int exitCode, String output) {}

  static Run java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("cutover.sandbox.jar", "target/cutover-sandbox.jar"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void sandboxHelpExitsZeroAndListsItsOptions() throws Exception {
    Run run = java("sandbox", "--help");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("Usage: cutover-sandbox sandbox").contains("--rows").contains("--keep");
  }

  @Test
  void benchHelpExitsZero() throws Exception {
    Run run = java("bench", "--help");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("--rows").contains("--repeat");
  }

  @Test
  void anUnknownCommandIsBadInput() throws Exception {
    Run run = java("backfil");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("backfil");
  }
}
