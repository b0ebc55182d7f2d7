package dev.cutover.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** How `cutover run` reads its settings, and the health endpoints the Deployment's probes call. */
class OperatorRuntimeTest {

  @Test
  void settingsDefaultToTheHealthPortAndNoLeaderElection() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of("HOSTNAME", "cutover-7d9"));
    assertThat(settings.healthPort()).isEqualTo(8080);
    assertThat(settings.leaderElectionNamespace()).isEmpty();
    assertThat(settings.identity()).isEqualTo("cutover-7d9");
    assertThat(settings.workerImage()).isEqualTo(OperatorSettings.DEFAULT_WORKER_IMAGE);
  }

  @Test
  void leaderElectionTakesTheLeaseNamespaceAndIdentityFromThePod() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
        "CUTOVER_LEADER_ELECTION", "true", "POD_NAMESPACE", "cutover-system", "POD_NAME", "cutover-0",
        "CUTOVER_WORKER_IMAGE", "registry.example/cutover:1.2"));
    assertThat(settings.leaderElectionNamespace()).contains("cutover-system");
    assertThat(settings.identity()).isEqualTo("cutover-0");
    assertThat(settings.workerImage()).isEqualTo("registry.example/cutover:1.2");
  }

  @Test
  void badSettingsNameTheVariable() {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("CUTOVER_HEALTH_PORT", "eighty")))
        .hasMessageContaining("CUTOVER_HEALTH_PORT").hasMessageContaining("eighty");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("CUTOVER_LEADER_ELECTION", "true")))
        .hasMessageContaining("POD_NAMESPACE");
  }

  @Test
  void runRefusesBadSettingsWithExitCode2AndAMessage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(new String[] {"run"}, Map.of("CUTOVER_LEADER_ELECTION", "true"),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("POD_NAMESPACE").contains("downward API");
  }

  @Test
  void aFailingReconcileIsRetriedWithoutLimitWithBackoffUpToFiveMinutes() throws Exception {
    try (TestCluster cluster = new TestCluster();
        CutoverOperator operator = CutoverOperator.start(cluster.client, OperatorSettings.inProcess())) {
      var retry = (io.javaoperatorsdk.operator.processing.retry.GenericRetry) operator.retry();
      assertThat(retry.getMaxAttempts()).isEqualTo(-1);
      var execution = retry.initExecution();
      long last = 0;
      for (int attempt = 0; attempt < 30; attempt++) {
        last = execution.nextDelay().orElseThrow(() -> new AssertionError("retries stopped"));
      }
      assertThat(last).isEqualTo(Duration.ofMinutes(5).toMillis());
    }
  }

  @Test
  void healthAndReadinessAnswerOnceTheOperatorRuns() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    HttpClient http = HttpClient.newHttpClient();
    try (TestCluster cluster = new TestCluster();
        CutoverOperator operator = CutoverOperator.start(cluster.client,
            new OperatorSettings("img", port, Optional.empty(), "test", Duration.ofSeconds(2)))) {
      URI base = URI.create("http://localhost:" + port);
      assertThat(http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
          http.send(HttpRequest.newBuilder(base.resolve("/readyz")).build(), HttpResponse.BodyHandlers.ofString())
              .statusCode() == 200);
    }
  }
}
