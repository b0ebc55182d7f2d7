package dev.cutover.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a database port that counts the connections made to it and can play a
 * dead server: while {@link #dead()}, every connection is accepted and closed at once. A trigger
 * may run, once, when the server has sent a given number of bytes on one connection; forwarding on
 * that connection waits for it, so the server is caught in the middle of what it was sending.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int upstreamPort;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicBoolean dead = new AtomicBoolean();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile long triggerAfterBytes = Long.MAX_VALUE;
  private volatile Runnable trigger = () -> { };
  private final AtomicBoolean triggered = new AtomicBoolean();

  public TcpProxy(int upstreamPort) {
    this.upstreamPort = upstreamPort;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "tcp-proxy-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy that is dead from the start: a port that accepts and drops every connection. */
  public static TcpProxy deadServer() {
    TcpProxy proxy = new TcpProxy(1);
    proxy.dead.set(true);
    return proxy;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far, dropped ones included. */
  public int connections() {
    return connections.get();
  }

  /** From now on, drops every open and every new connection. */
  public void dead() {
    dead.set(true);
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  /** Runs {@code action} once, when the server has sent {@code bytes} on one connection. */
  public void onServerBytes(long bytes, Runnable action) {
    this.trigger = action;
    this.triggerAfterBytes = bytes;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        if (dead.get()) {
          closeQuietly(client);
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        open.add(client);
        open.add(server);
        pump(client, server, false);
        pump(server, client, true);
      } catch (IOException e) {
        // the listener closed, or the upstream refused: the client sees its connection drop
      }
    }
  }

  private void pump(Socket from, Socket to, boolean fromServer) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16384];
      long sent = 0;
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          out.write(buffer, 0, read);
          sent += read;
          if (fromServer && sent >= triggerAfterBytes && triggered.compareAndSet(false, true)) {
            trigger.run();
          }
        }
      } catch (IOException e) {
        // one side went away; close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    dead();
  }
}
