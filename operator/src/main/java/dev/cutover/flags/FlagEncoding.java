package dev.cutover.flags;

import dev.cutover.api.FlagFormat;
import dev.cutover.api.FlagsSpec;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * How flag values are laid out in the ConfigMap keys the operator owns, for one {@code
 * spec.flags} (format, key names, backend values). Pure: no Kubernetes access. The application
 * side (the sandbox's sample service) reads the flags back through {@link #read}.
 */
public sealed interface FlagEncoding permits EnvFlagEncoding, FlagdFlagEncoding {

  /**
   * The encoding of {@code spec.flags}.
   *
   * @throws InvalidFlagsException when two flags share a key or the backend values are equal
   */
  static FlagEncoding of(FlagsSpec flags) {
    if (flags == null) {
      throw new InvalidFlagsException("spec.flags is missing: name the ConfigMap and its keys");
    }
    FlagFormat format = flags.format == null ? FlagFormat.ENV : flags.format;
    return switch (format) {
      case ENV -> new EnvFlagEncoding(flags.keys, flags.backendValues);
      case FLAGD -> new FlagdFlagEncoding(flags.keys, flags.backendValues);
    };
  }

  FlagFormat format();

  /** Every ConfigMap key this encoding may write or remove; no other key is ever touched. */
  SortedSet<String> ownedKeys();

  /** The owned keys that should be present, with their values; owned keys not listed are absent. */
  SortedMap<String, String> render(FlagValues values);

  /**
   * What the owned keys of {@code data} (a ConfigMap's data, other keys included) express; empty
   * when they are missing or do not parse (someone wrote a value the application cannot read).
   */
  Optional<FlagValues> read(Map<String, String> data);

  /** The owned keys present in {@code data}, with their values. */
  default SortedMap<String, String> ownedEntries(Map<String, String> data) {
    SortedMap<String, String> owned = new TreeMap<>();
    if (data != null) {
      for (String key : ownedKeys()) {
        if (data.containsKey(key)) {
          owned.put(key, data.get(key));
        }
      }
    }
    return owned;
  }
}
