package dev.cutover.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionSlotTest {
  @Test
  void optionsWinOverTheIndexedJobEnvironment() throws Exception {
    Map<String, String> env = Map.of("JOB_COMPLETION_INDEX", "3", "CUTOVER_PARTITIONS", "4");
    assertThat(PartitionSlot.resolve(1, 2, env)).isEqualTo(new PartitionSlot(1, 2));
    assertThat(PartitionSlot.resolve(null, null, env)).isEqualTo(new PartitionSlot(3, 4));
    assertThat(PartitionSlot.resolve(null, null, Map.of())).isEqualTo(PartitionSlot.WHOLE);
    assertThat(PartitionSlot.resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "0"))).isEqualTo(PartitionSlot.WHOLE);
  }

  @Test
  void refusesSlotsOutsideTheCount() {
    assertThatThrownBy(() -> PartitionSlot.resolve(2, 2, Map.of())).hasMessageContaining("--partition must be from 0 to 1");
    assertThatThrownBy(() -> PartitionSlot.resolve(1, null, Map.of())).hasMessageContaining("go together");
    assertThatThrownBy(() -> PartitionSlot.resolve(0, 0, Map.of())).hasMessageContaining("--partitions must be at least 1");
    assertThatThrownBy(() -> PartitionSlot.resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "2")))
        .hasMessageContaining("JOB_COMPLETION_INDEX must be from 0 to 0");
    assertThatThrownBy(() -> PartitionSlot.resolve(null, null, Map.of("CUTOVER_PARTITIONS", "x")))
        .hasMessageContaining("CUTOVER_PARTITIONS must be a whole number");
  }
}
