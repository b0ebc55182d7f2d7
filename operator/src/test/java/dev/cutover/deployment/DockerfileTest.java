package dev.cutover.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, read as text: nothing here can build an image (no Docker engine), so the test
 * checks what a reviewer would: the stages, pinned versions, the checksum, a non-root user.
 */
class DockerfileTest {
  private static final Pattern FROM = Pattern.compile("^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$", Pattern.MULTILINE);
  private static String dockerfile;

  @BeforeAll
  static void read() throws IOException {
    dockerfile = Files.readString(RepoPaths.root().resolve("deployment/Dockerfile"));
  }

  @Test
  void buildsWithMavenAndRunsOnAJre() {
    List<String[]> stages = stages();

    assertThat(stages).hasSize(3);
    assertThat(stages.get(0)[0]).startsWith("maven:3").contains("eclipse-temurin-17");
    assertThat(stages.get(0)[1]).isEqualTo("build");
    assertThat(stages.get(1)[1]).isEqualTo("fdb-client");
    assertThat(stages.get(2)[0]).startsWith("eclipse-temurin:17-jre");
    assertThat(dockerfile).contains("RUN mvn -B -DskipTests -pl operator package");
    assertThat(dockerfile).doesNotContain("COPY sandbox/src");
    assertThat(dockerfile).contains("COPY --from=build /src/operator/target/cutover.jar /app/cutover.jar");
    assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/cutover.jar\"]");
  }

  @Test
  void everyBaseImageHasAVersionTag() {
    assertThat(stages()).allSatisfy(stage -> {
      assertThat(stage[0]).contains(":").doesNotEndWith(":latest");
    });
  }

  @Test
  void theFoundationDbClientIsThePinnedReleaseOfTheJavaBindingAndItsChecksumIsChecked() throws IOException {
    String pom = Files.readString(RepoPaths.root().resolve("pom.xml"));
    Matcher binding = Pattern.compile("<fdb.version>([^<]+)</fdb.version>").matcher(pom);
    assertThat(binding.find()).isTrue();

    assertThat(dockerfile).contains("ARG FDB_VERSION=" + binding.group(1));
    assertThat(binding.group(1)).startsWith("7.3.");
    assertThat(dockerfile).contains("https://github.com/apple/foundationdb/releases/download/${FDB_VERSION}/$deb");
    assertThat(dockerfile).contains("sha256sum -c -");
    assertThat(dockerfile).contains("--proto '=https'");
    assertThat(dockerfile).contains("COPY --from=fdb-client /out/usr/lib/libfdb_c.so /usr/lib/libfdb_c.so");
  }

  @Test
  void theImageRunsAsTheNonRootUser10001() {
    List<String> users = new ArrayList<>();
    Matcher user = Pattern.compile("^USER\\s+(\\S+)\\s*$", Pattern.MULTILINE).matcher(dockerfile);
    while (user.find()) {
      users.add(user.group(1));
    }

    assertThat(users).containsExactly("10001:10001");
    assertThat(dockerfile.lastIndexOf("USER 10001:10001")).isGreaterThan(dockerfile.lastIndexOf("FROM "));
    assertThat(dockerfile).contains("useradd --system --uid 10001");
  }

  private static List<String[]> stages() {
    List<String[]> stages = new ArrayList<>();
    Matcher from = FROM.matcher(dockerfile);
    while (from.find()) {
      stages.add(new String[] {from.group(1), from.group(2)});
    }
    return stages;
  }
}
