package dev.cutover.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryTest {
  @Test
  void delaysDoubleUpToTheCap() {
    Retry retry = new Retry(10, Duration.ofMillis(100), Duration.ofMillis(500));
    assertThat(retry.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(retry.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(retry.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(retry.delayAfter(4)).isEqualTo(Duration.ofMillis(500));
    assertThat(retry.delayAfter(60)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void theEnvironmentTunesAttemptsAndDelay() throws Exception {
    assertThat(Retry.fromEnv(Map.of())).isEqualTo(Retry.DEFAULT);
    Retry tuned = Retry.fromEnv(Map.of(Retry.ENV_ATTEMPTS, "2", Retry.ENV_FIRST_DELAY_MS, "0"));
    assertThat(tuned.attempts()).isEqualTo(2);
    assertThat(tuned.delayAfter(3)).isZero();
    assertThatThrownBy(() -> Retry.fromEnv(Map.of(Retry.ENV_ATTEMPTS, "0"))).hasMessageContaining(Retry.ENV_ATTEMPTS);
    assertThatThrownBy(() -> Retry.fromEnv(Map.of(Retry.ENV_FIRST_DELAY_MS, "soon")))
        .hasMessageContaining(Retry.ENV_FIRST_DELAY_MS);
  }
}
