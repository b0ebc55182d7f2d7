package dev.cutover.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar the image and every Job pod run, as the package phase built it: the operator and the
 * worker, none of what only the sandbox, the benchmark and the tests need.
 */
class OperatorJarIT {
  private static final long MAX_BYTES = 40L * 1024 * 1024;
  private static Path jar;
  private static List<String> entries;

  @BeforeAll
  static void open() throws IOException {
    jar = Path.of(System.getProperty("cutover.jar", "target/cutover.jar"));
    try (JarFile file = new JarFile(jar.toFile())) {
      entries = file.stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void isAtMostFortyMebibytes() throws IOException {
    assertThat(Files.size(jar)).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void carriesNoEmbeddedPostgresNoMockServerAndNoSandbox() {
    assertThat(entries).noneMatch(name -> name.matches("(.*/)?postgres-.*\\.txz"));
    assertThat(entries).noneMatch(name -> name.startsWith("io/zonky/"));
    assertThat(entries).noneMatch(name -> name.startsWith("io/fabric8/mockwebserver/"));
    assertThat(entries).noneMatch(name -> name.startsWith("io/fabric8/kubernetes/client/server/mock/"));
    assertThat(entries).noneMatch(name -> name.startsWith("dev/cutover/sandbox/"));
    assertThat(entries).noneMatch(name -> name.startsWith("dev/cutover/bench/"));
  }

  @Test
  void carriesTheOperatorTheWorkerAndTheCrd() {
    assertThat(entries).contains("dev/cutover/cli/Main.class", "dev/cutover/reconciler/CutoverOperator.class",
        "dev/cutover/worker/backfill/Backfill.class", "META-INF/fabric8/migrations.cutover.dev-v1.yml");
  }
}
