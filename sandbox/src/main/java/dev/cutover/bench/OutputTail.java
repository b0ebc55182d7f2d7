package dev.cutover.bench;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the last bytes a command printed, to explain a failure without holding all its output. */
final class OutputTail extends OutputStream {
  private final byte[] ring;
  private long written;

  OutputTail(int capacity) {
    this.ring = new byte[capacity];
  }

  @Override
  public synchronized void write(int b) {
    ring[(int) (written++ % ring.length)] = (byte) b;
  }

  @Override
  public synchronized String toString() {
    int length = (int) Math.min(written, ring.length);
    byte[] tail = new byte[length];
    for (int i = 0; i < length; i++) {
      tail[i] = ring[(int) ((written - length + i) % ring.length)];
    }
    return new String(tail, StandardCharsets.UTF_8);
  }
}
