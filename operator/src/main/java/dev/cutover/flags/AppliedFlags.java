package dev.cutover.flags;

import java.util.List;

/**
 * The result of writing the flags.
 *
 * @param hash the hash of the owned keys now in the ConfigMap (record it in status.flags.hash)
 * @param changes the keys this call changed, with old and new values; empty when already in sync
 */
public record AppliedFlags(String hash, List<KeyChange> changes) {

  public AppliedFlags {
    changes = List.copyOf(changes);
  }

  /** Whether this call patched the ConfigMap. */
  public boolean changed() {
    return !changes.isEmpty();
  }
}
