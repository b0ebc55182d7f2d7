package dev.cutover.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD in crds/ is what users apply: it must be exactly what the build generates from the API
 * classes. Regenerate with {@code mvn -B -pl operator process-classes -Dcutover.crd.write=true}
 * followed by this test, or copy target/classes/META-INF/fabric8/ into crds/.
 */
class GeneratedCrdTest {
  static final String FILE = CutoverConstants.CRD_NAME + "-v1.yml";

  @Test
  void checkedInCrdEqualsGeneratedCrd() throws IOException {
    Path generated = Path.of("target/classes/META-INF/fabric8", FILE);
    Path checkedIn = RepoPaths.root().resolve("crds").resolve(FILE);
    String expected = Files.readString(generated);
    if (Boolean.getBoolean("cutover.crd.write")) {
      Files.writeString(checkedIn, expected);
      // deployment/ carries a copy for kustomize (DeploymentManifestsTest checks that they agree)
      Files.writeString(RepoPaths.root().resolve("deployment").resolve(FILE), expected);
    }
    assertThat(Files.readString(checkedIn))
        .as("crds/%s differs from the CRD generated from the API classes; "
            + "run mvn -B verify -Dcutover.crd.write=true and commit crds/", FILE)
        .isEqualTo(expected);
  }
}
