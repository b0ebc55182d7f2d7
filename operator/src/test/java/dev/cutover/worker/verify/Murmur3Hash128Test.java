package dev.cutover.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Murmur3Hash128Test {

  @Test
  void matchesThePublishedVectorForTheQuickBrownFox() {
    byte[] text = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
    Murmur3Hash128 hash = new Murmur3Hash128();
    hash.hash(text, 0, text.length, 0);
    assertThat(hex(hash.low(), hash.high())).isEqualTo("6c1b07bc7bbc4be347939ac4a93c437a");
  }

  /** Guava's implementation (on the test classpath through cel) as the reference, for every tail length. */
  @Test
  void agreesWithGuavaOnEveryLengthAndOffset() {
    Random random = new Random(42);
    Murmur3Hash128 hash = new Murmur3Hash128();
    for (int length = 0; length < 200; length++) {
      byte[] data = new byte[length + 7];
      random.nextBytes(data);
      int seed = random.nextInt(1000);
      hash.hash(data, 3, 3 + length, seed);
      HashCode expected = Hashing.murmur3_128(seed).hashBytes(data, 3, length);
      assertThat(hex(hash.low(), hash.high())).as("length %d", length).isEqualTo(expected.toString());
    }
  }

  private static String hex(long low, long high) {
    ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(low).putLong(high);
    return HashCode.fromBytes(bytes.array()).toString();
  }
}
