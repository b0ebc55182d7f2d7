package dev.cutover.worker;

import dev.cutover.api.CutoverConstants;
import dev.cutover.store.StoreException;
import java.util.Map;

/**
 * Which slice of every table this worker handles: {@code index} of {@code count}. From
 * {@code --partition i --partitions n}, else from an Indexed Job's {@code JOB_COMPLETION_INDEX} and
 * {@code CUTOVER_PARTITIONS}, else the whole table.
 */
public record PartitionSlot(int index, int count) {
  public static final PartitionSlot WHOLE = new PartitionSlot(0, 1);

  public static PartitionSlot resolve(Integer partition, Integer partitions, Map<String, String> env)
      throws StoreException {
    if (partition != null || partitions != null) {
      if (partition == null || partitions == null) {
        throw StoreException.badInput("--partition and --partitions go together: give both or neither");
      }
      return checked(partition, partitions, "--partition", "--partitions");
    }
    String index = env.get(CutoverConstants.ENV_JOB_COMPLETION_INDEX);
    String count = env.get(CutoverConstants.ENV_PARTITIONS);
    if (index == null && count == null) {
      return WHOLE;
    }
    return checked(
        number(index, CutoverConstants.ENV_JOB_COMPLETION_INDEX, 0),
        number(count, CutoverConstants.ENV_PARTITIONS, 1),
        CutoverConstants.ENV_JOB_COMPLETION_INDEX,
        CutoverConstants.ENV_PARTITIONS);
  }

  private static PartitionSlot checked(int index, int count, String indexName, String countName)
      throws StoreException {
    if (count < 1) {
      throw StoreException.badInput(countName + " must be at least 1, got " + count);
    }
    if (index < 0 || index >= count) {
      throw StoreException.badInput(
          indexName + " must be from 0 to " + (count - 1) + " (" + countName + " is " + count + "), got " + index);
    }
    return new PartitionSlot(index, count);
  }

  private static int number(String value, String name, int fallback) throws StoreException {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw StoreException.badInput(name + " must be a whole number");
    }
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
