package dev.cutover.api;

import java.nio.file.Path;

/** Where the checked-in manifests are, from a test. */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    return Path.of(System.getProperty("cutover.repo.root", "..")).toAbsolutePath().normalize();
  }

  public static Path crd() {
    return root().resolve("crds").resolve(CutoverConstants.CRD_NAME + "-v1.yml");
  }
}
