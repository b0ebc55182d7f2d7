package dev.cutover.worker.verify;

import java.util.Arrays;

/** A key's canonical bytes as a map key: equal for equal key values, whichever store they came from. */
final class KeyBytes {
  private final byte[] bytes;
  private final int hash;

  KeyBytes(byte[] bytes, long keyHash) {
    this.bytes = bytes;
    this.hash = (int) (keyHash ^ (keyHash >>> 32));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyBytes that && hash == that.hash && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
