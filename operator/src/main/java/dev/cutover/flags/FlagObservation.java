package dev.cutover.flags;

import java.util.List;
import java.util.Optional;

/**
 * The owned keys of the flag ConfigMap as they are now, compared with the wanted ones.
 *
 * @param namespace the ConfigMap's namespace
 * @param configMap the ConfigMap's name
 * @param wanted what the owned keys should hold
 * @param expressed what the owned keys express now; empty when missing or unreadable
 * @param currentHash {@link RenderedFlags#hashOf} of the owned keys as they are now
 * @param differences the owned keys that differ from the wanted values, with both values
 */
public record FlagObservation(
    String namespace,
    String configMap,
    RenderedFlags wanted,
    Optional<FlagValues> expressed,
    String currentHash,
    List<KeyChange> differences) {

  public FlagObservation {
    differences = List.copyOf(differences);
  }

  /** The owned keys hold exactly the wanted values. */
  public boolean inSync() {
    return differences.isEmpty();
  }

  /**
   * Someone edited the owned keys by hand: they differ from the wanted values and they are no
   * longer what the operator last wrote ({@code appliedHash}, from status.flags.hash). A change of
   * the wanted values alone (a phase step) is not drift. False when nothing was applied yet.
   */
  public boolean drifted(String appliedHash) {
    return !inSync() && appliedHash != null && !appliedHash.equals(currentHash);
  }

  /** {@code KEY: 'old' -> 'new', ...} for Events and conditions. */
  public String describeDifferences() {
    return String.join(", ", differences.stream().map(KeyChange::describe).toList());
  }
}
