package dev.cutover.worker.verify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3 x64 128-bit (Austin Appleby's public-domain algorithm), written here so that hashing
 * a row allocates nothing: the result is left in {@link #low()} and {@link #high()}. Not a
 * cryptographic hash; it detects accidental differences between rows, not forged ones.
 */
final class Murmur3Hash128 {
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private long low;
  private long high;

  /** Hashes {@code data[from, to)} with {@code seed}; read the result with {@link #low()}/{@link #high()}. */
  void hash(byte[] data, int from, int to, long seed) {
    long h1 = seed;
    long h2 = seed;
    int length = to - from;
    int blocksEnd = from + (length & ~15);
    for (int i = from; i < blocksEnd; i += 16) {
      long k1 = littleEndianLong(data, i);
      long k2 = littleEndianLong(data, i + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    long k1 = 0;
    long k2 = 0;
    int tail = blocksEnd;
    switch (length & 15) {
      case 15: k2 ^= (long) (data[tail + 14] & 0xff) << 48; // fall through
      case 14: k2 ^= (long) (data[tail + 13] & 0xff) << 40; // fall through
      case 13: k2 ^= (long) (data[tail + 12] & 0xff) << 32; // fall through
      case 12: k2 ^= (long) (data[tail + 11] & 0xff) << 24; // fall through
      case 11: k2 ^= (long) (data[tail + 10] & 0xff) << 16; // fall through
      case 10: k2 ^= (long) (data[tail + 9] & 0xff) << 8; // fall through
      case 9:
        k2 ^= data[tail + 8] & 0xff;
        h2 ^= mixK2(k2);
        // fall through
      case 8: k1 ^= (long) (data[tail + 7] & 0xff) << 56; // fall through
      case 7: k1 ^= (long) (data[tail + 6] & 0xff) << 48; // fall through
      case 6: k1 ^= (long) (data[tail + 5] & 0xff) << 40; // fall through
      case 5: k1 ^= (long) (data[tail + 4] & 0xff) << 32; // fall through
      case 4: k1 ^= (long) (data[tail + 3] & 0xff) << 24; // fall through
      case 3: k1 ^= (long) (data[tail + 2] & 0xff) << 16; // fall through
      case 2: k1 ^= (long) (data[tail + 1] & 0xff) << 8; // fall through
      case 1:
        k1 ^= data[tail] & 0xff;
        h1 ^= mixK1(k1);
        break;
      default:
        break;
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    low = h1;
    high = h2;
  }

  /** The first 64 bits of the last hash (Guava's {@code asLong()}). */
  long low() {
    return low;
  }

  long high() {
    return high;
  }

  private static long littleEndianLong(byte[] data, int at) {
    return (long) LONG_LE.get(data, at);
  }

  private static long mixK1(long k1) {
    k1 *= C1;
    k1 = Long.rotateLeft(k1, 31);
    return k1 * C2;
  }

  private static long mixK2(long k2) {
    k2 *= C2;
    k2 = Long.rotateLeft(k2, 33);
    return k2 * C1;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
