package dev.cutover.reconciler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code /healthz}: the process answers and the operator started. {@code /readyz}: every informer is
 * connected and synced, so a reconcile sees the cluster as it is. A standby replica (leader election
 * on, not the leader) starts no informer; it is ready as soon as it started, or a rollout of the
 * operator Deployment would never finish.
 */
final class HealthEndpoint implements AutoCloseable {
  private final HttpServer server;

  HealthEndpoint(int port, Operator operator, boolean leaderElection) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", exchange -> answer(exchange, operator.getRuntimeInfo().isStarted(), "operator not started"));
    server.createContext("/readyz", exchange -> answer(exchange,
        operator.getRuntimeInfo().isStarted() && (leaderElection || operator.getRuntimeInfo().allEventSourcesAreHealthy()),
        "informers not healthy"));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, boolean ok, String failure) throws IOException {
    byte[] body = (ok ? "ok\n" : failure + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
