package dev.cutover.worker.preflight;

import dev.cutover.api.WorkerResult;
import java.util.ArrayList;
import java.util.List;

/** The problems a preflight found, in the order found. */
final class Problems {
  private final List<WorkerResult.Problem> list = new ArrayList<>();

  /** @param table the table as results name it, null for a database-wide problem */
  void add(String table, String column, String message) {
    WorkerResult.Problem problem = new WorkerResult.Problem();
    problem.table = table;
    problem.column = column;
    problem.message = message;
    list.add(problem);
  }

  List<WorkerResult.Problem> list() {
    return list;
  }
}
