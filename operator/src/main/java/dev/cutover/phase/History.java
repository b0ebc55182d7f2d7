package dev.cutover.phase;

import dev.cutover.api.HistoryEntry;
import java.util.ArrayList;
import java.util.List;

/** status.history: phase and read changes, newest last, the oldest dropped beyond {@link #LIMIT}. */
public final class History {
  public static final int LIMIT = 20;

  private History() {}

  /** A new list: {@code history} plus {@code entry}, at most {@link #LIMIT} long. */
  public static List<HistoryEntry> append(List<HistoryEntry> history, HistoryEntry entry) {
    List<HistoryEntry> all = new ArrayList<>(history == null ? List.of() : history);
    all.add(entry);
    return new ArrayList<>(all.subList(Math.max(0, all.size() - LIMIT), all.size()));
  }
}
