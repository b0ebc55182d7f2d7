package dev.cutover.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.FlagsSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The wanted content of the owned ConfigMap keys for some flag values, and its hash.
 *
 * @param values the flag values rendered
 * @param ownedKeys every key the operator owns in this format (present or to be removed)
 * @param entries the owned keys that should be present, with their values
 * @param hash {@link #hashOf} of the entries: recorded in status and stamped on restarted workloads
 */
public record RenderedFlags(FlagValues values, SortedSet<String> ownedKeys, SortedMap<String, String> entries, String hash) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HASH_HEX_CHARS = 16;

  /** Renders {@code values} in the format and keys of {@code spec.flags}. */
  public static RenderedFlags of(FlagsSpec flags, FlagValues values) {
    FlagEncoding encoding = FlagEncoding.of(flags);
    SortedMap<String, String> entries = encoding.render(values);
    return new RenderedFlags(values, encoding.ownedKeys(), entries, hashOf(entries));
  }

  /**
   * The owned keys whose value in {@code data} differs from the wanted one, in key order; keys
   * the operator does not own are ignored.
   */
  public List<KeyChange> changesFrom(Map<String, String> data) {
    List<KeyChange> changes = new ArrayList<>();
    for (String key : ownedKeys) {
      String current = data == null ? null : data.get(key);
      String wanted = entries.get(key);
      if (!Objects.equals(current, wanted)) {
        changes.add(new KeyChange(key, current, wanted));
      }
    }
    return changes;
  }

  /**
   * A stable hash of owned entries: the first 16 hex characters of the SHA-256 of their JSON in
   * key order. Equal entries give the same hash on every JVM and every run.
   */
  public static String hashOf(SortedMap<String, String> ownedEntries) {
    try {
      byte[] canonical = JSON.writeValueAsString(ownedEntries).getBytes(StandardCharsets.UTF_8);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash the flag entries", e);
    }
  }
}
